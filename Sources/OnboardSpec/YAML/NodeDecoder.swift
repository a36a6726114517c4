/// Reads typed, located values out of a `SpecNode`, reporting every type problem to a sink instead of stopping at the
/// first, so `validate` can show all problems of a file in one run.
public struct NodeDecoder {
    public let sink: DiagnosticSink
    /// True for template `defaults`, where any field may be left for the partner to give.
    public let partial: Bool

    public init(sink: DiagnosticSink, partial: Bool = false) {
        self.sink = sink
        self.partial = partial
    }

    /// Opens a mapping for key-by-key reading; `owner` is where "missing field" is reported (the parent key).
    public func mapping(_ node: SpecNode, _ path: FieldPath, owner: SourceLocation? = nil) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            mismatch(expected: "a mapping", node, path)
            return nil
        }
        return MappingReader(mapping: mapping, path: path, owner: owner ?? mapping.location, decoder: self)
    }

    /// A non-empty string scalar.
    public func string(_ node: SpecNode, _ path: FieldPath) -> Located<String>? {
        guard case .scalar(let scalar) = node, scalar.kind == .string else {
            mismatch(expected: "a string", node, path)
            return nil
        }
        guard scalar.text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            sink.report(.invalidValue, at: scalar.location, path: path, "must not be empty")
            return nil
        }
        if let problem = TextRules.unprintableProblem(scalar.text) {
            sink.report(.unprintableText, at: scalar.location, path: path, problem)
            return nil
        }
        return Located(scalar.text, at: scalar.location)
    }

    /// An integer scalar within `range`.
    public func integer(_ node: SpecNode, _ path: FieldPath, in range: ClosedRange<Int>) -> Located<Int>? {
        guard case .scalar(let scalar) = node, scalar.kind == .integer, let value = Int(scalar.text) else {
            mismatch(expected: "an integer", node, path)
            return nil
        }
        guard range.contains(value) else {
            sink.report(
                .invalidValue, at: scalar.location, path: path,
                "\(value) is out of range; expected \(range.lowerBound)...\(range.upperBound)"
            )
            return nil
        }
        return Located(value, at: scalar.location)
    }

    /// A string that must be one of an enumeration's raw values; suggests the closest on a typo.
    public func enumeration<E: RawRepresentable & CaseIterable & Sendable>(
        _ node: SpecNode, _ path: FieldPath, as type: E.Type = E.self, code: DiagnosticCode = .invalidValue
    ) -> Located<E>? where E.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = E(rawValue: text.value) { return Located(value, at: text.location) }
        let allowed = E.allCases.map(\.rawValue)
        sink.report(
            code, at: text.location, path: path,
            "\"\(text.value)\" is not one of \(allowed.joined(separator: ", "))"
                + Suggestion.hint(for: text.value, in: allowed)
        )
        return nil
    }

    /// The elements of a list with their paths; `nonEmpty` reports an empty list.
    public func list(_ node: SpecNode, _ path: FieldPath, nonEmpty: Bool = false) -> [(SpecNode, FieldPath)]? {
        guard case .sequence(let items, let location) = node else {
            mismatch(expected: "a list", node, path)
            return nil
        }
        if nonEmpty && items.isEmpty {
            sink.report(.invalidValue, at: location, path: path, "must list at least one entry")
        }
        return items.enumerated().map { ($1, path.index($0)) }
    }

    /// Decodes each element of a list, keeping the ones that decode.
    public func each<T>(
        _ node: SpecNode, _ path: FieldPath, nonEmpty: Bool = false, _ decode: (SpecNode, FieldPath) -> T?
    ) -> [T]? {
        list(node, path, nonEmpty: nonEmpty)?.compactMap { decode($0.0, $0.1) }
    }

    /// Reports "expected X, found Y" at the node.
    public func mismatch(expected: String, _ node: SpecNode, _ path: FieldPath) {
        var message = "expected \(expected), found \(article(node.kindDescription))"
        if expected == "a string", case .scalar(let scalar) = node, scalar.kind != .null {
            message += " (quote it: \"\(scalar.text)\")"
        }
        sink.report(.wrongType, at: node.location, path: path, message)
    }

    private func article(_ kind: String) -> String {
        switch kind {
        case "null": "nothing"
        case "integer": "an integer"
        default: "a \(kind)"
        }
    }
}
