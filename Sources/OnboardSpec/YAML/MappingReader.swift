/// Reads the keys of one mapping, remembering which keys the schema knows so that every other key is reported as
/// unknown — with a "did you mean" when it is a near miss — once reading is done.
public final class MappingReader {
    public let mapping: SpecMapping
    public let path: FieldPath
    /// Where a missing field is reported: the key that owns this mapping.
    public let owner: SourceLocation
    public let decoder: NodeDecoder
    private var known: [String] = []

    init(mapping: SpecMapping, path: FieldPath, owner: SourceLocation, decoder: NodeDecoder) {
        self.mapping = mapping
        self.path = path
        self.owner = owner
        self.decoder = decoder
    }

    /// The node under `key`, or nil when absent or explicitly null. Reports a missing required field unless decoding
    /// template defaults.
    public func node(_ key: String, required: Bool = false) -> SpecNode? {
        known.append(key)
        if let entry = mapping.entry(key) {
            if case .scalar(let scalar) = entry.value, scalar.kind == .null {
                if required && !decoder.partial {
                    decoder.sink.report(
                        .missingField, at: entry.key.location, path: path.key(key), "a value is required")
                }
                return nil
            }
            return entry.value
        }
        if required && !decoder.partial {
            decoder.sink.report(.missingField, at: owner, path: path.key(key), "missing required field")
        }
        return nil
    }

    /// The key's own location, for messages about the key rather than its value.
    public func keyLocation(_ key: String) -> SourceLocation? {
        mapping.entry(key)?.key.location
    }

    /// Decodes a required field.
    public func required<T>(_ key: String, _ decode: (SpecNode, FieldPath) -> T?) -> T? {
        node(key, required: true).flatMap { decode($0, path.key(key)) }
    }

    /// Decodes an optional field.
    public func optional<T>(_ key: String, _ decode: (SpecNode, FieldPath) -> T?) -> T? {
        node(key).flatMap { decode($0, path.key(key)) }
    }

    /// Opens a nested mapping, reporting its absence at this mapping when required.
    public func nested(_ key: String, required: Bool = false) -> MappingReader? {
        guard let node = node(key, required: required) else { return nil }
        return decoder.mapping(node, path.key(key), owner: keyLocation(key))
    }

    /// Reports every key that was never asked for. Secret-looking keys are left to the secret scanner, which explains
    /// where such values belong.
    public func finish() {
        for entry in mapping.entries where !known.contains(entry.key.text) {
            if SecretScanner.isSecretKey(entry.key.text) { continue }
            decoder.sink.report(
                .unknownKey, at: entry.key.location, path: path.key(entry.key.text),
                "unknown key \"\(entry.key.text)\"" + Suggestion.hint(for: entry.key.text, in: known)
            )
        }
    }
}
