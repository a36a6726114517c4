/// Encodes any `Encodable` value in the partner cache's binary format, by position: a keyed container writes its
/// values in the order `encode(to:)` asks for them, without keys, and the synthesised `init(from:)` reads them in the
/// same order. So a partner's fields are declared once — on the model types, as `Codable` — and a field added there
/// is cached with no code here. Optionals carry a presence byte, arrays a count; a source location names its file by
/// an index into a table written ahead of the value (a partner's locations are all in its own file or its
/// template's, so each name is stored once).
struct CacheEncoder {
    /// The bytes of `value`: its file table, then the value.
    static func encode(_ value: some Encodable, into writer: inout CacheWriter) throws {
        let state = CacheEncodingState()
        try state.write(value)
        writer.array(state.files) { $0.string($1) }
        writer.append(state.body)
    }
}

/// What one encoding shares between its containers.
final class CacheEncodingState {
    fileprivate(set) var body = CacheWriter()
    fileprivate(set) var files: [String] = []
    private var fileIndexes: [String: Int] = [:]

    func write<T: Encodable>(_ value: T) throws {
        switch value {
        case let value as String: body.string(value)
        case let value as Int: body.integer(value)
        case let value as Bool: body.bool(value)
        case let value as UInt8: body.integer(Int(value))
        case let value as [UInt8]: body.raw(value)
        case let value as SourceLocation: location(value)
        case let value as any CacheKeyedDictionary: try value.write(to: self)
        case is Double, is Float, is Int8, is Int16, is Int32, is Int64, is UInt, is UInt16, is UInt32, is UInt64:
            throw CacheCodingUnsupported.type("\(T.self)")
        default: try value.encode(to: PositionalEncoder(state: self))
        }
    }

    func writeIfPresent<T: Encodable>(_ value: T?) throws {
        body.bool(value != nil)
        if let value { try write(value) }
    }

    func integer(_ value: Int) { body.integer(value) }

    private func location(_ location: SourceLocation) {
        if let index = fileIndexes[location.file] {
            body.integer(index)
        } else {
            fileIndexes[location.file] = files.count
            body.integer(files.count)
            files.append(location.file)
        }
        body.integer(location.line)
        body.integer(location.column)
    }

    /// Starts an array whose count is known only at its end: a placeholder the array fills in.
    func reserveCount() -> Int { body.reserveInteger() }
    func setCount(_ count: Int, at offset: Int) { body.setInteger(count, at: offset) }
}

/// A dictionary with string keys, cached as its entries sorted by key (the same dictionary, the same bytes).
protocol CacheKeyedDictionary {
    func write(to state: CacheEncodingState) throws
}

extension Dictionary: CacheKeyedDictionary where Key == String, Value: Codable {
    func write(to state: CacheEncodingState) throws {
        state.integer(count)
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            try state.write(key)
            try state.write(value)
        }
    }

    static func readSorted(from state: CacheDecodingState) throws -> Self {
        let count = try state.count()
        var dictionary: Self = [:]
        dictionary.reserveCapacity(count)
        for _ in 0..<count { dictionary[try state.read(String.self)] = try state.read(Value.self) }
        return dictionary
    }
}

private struct PositionalEncoder: Encoder {
    let state: CacheEncodingState
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(state: state))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWriter(state: state) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleWriter(state: state) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: CacheEncodingState
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { throw CacheCodingUnsupported.nilValue }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try state.write(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try state.write(value) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try state.writeIfPresent(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try state.writeIfPresent(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try state.writeIfPresent(value) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try state.writeIfPresent(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(state: state))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedWriter(state: state)
    }

    mutating func superEncoder() -> any Encoder { PositionalEncoder(state: state) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { PositionalEncoder(state: state) }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let state: CacheEncodingState
    private let countOffset: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(state: CacheEncodingState) {
        self.state = state
        countOffset = state.reserveCount()
    }

    mutating func encodeNil() throws { throw CacheCodingUnsupported.nilValue }

    mutating func encode<T: Encodable>(_ value: T) throws { try encodeElement(value) }
    mutating func encode(_ value: Bool) throws { try encodeElement(value) }
    mutating func encode(_ value: String) throws { try encodeElement(value) }
    mutating func encode(_ value: Double) throws { try encodeElement(value) }
    mutating func encode(_ value: Float) throws { try encodeElement(value) }
    mutating func encode(_ value: Int) throws { try encodeElement(value) }
    mutating func encode(_ value: Int8) throws { try encodeElement(value) }
    mutating func encode(_ value: Int16) throws { try encodeElement(value) }
    mutating func encode(_ value: Int32) throws { try encodeElement(value) }
    mutating func encode(_ value: Int64) throws { try encodeElement(value) }
    mutating func encode(_ value: UInt) throws { try encodeElement(value) }
    mutating func encode(_ value: UInt8) throws { try encodeElement(value) }
    mutating func encode(_ value: UInt16) throws { try encodeElement(value) }
    mutating func encode(_ value: UInt32) throws { try encodeElement(value) }
    mutating func encode(_ value: UInt64) throws { try encodeElement(value) }

    private mutating func encodeElement<T: Encodable>(_ value: T) throws {
        try state.write(value)
        count += 1
        state.setCount(count, at: countOffset)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        count += 1
        state.setCount(count, at: countOffset)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(state: state))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        state.setCount(count, at: countOffset)
        return UnkeyedWriter(state: state)
    }

    mutating func superEncoder() -> any Encoder { PositionalEncoder(state: state) }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let state: CacheEncodingState
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { throw CacheCodingUnsupported.nilValue }
    mutating func encode<T: Encodable>(_ value: T) throws { try state.write(value) }
    mutating func encode(_ value: Bool) throws { try state.write(value) }
    mutating func encode(_ value: String) throws { try state.write(value) }
    mutating func encode(_ value: Double) throws { try state.write(value) }
    mutating func encode(_ value: Float) throws { try state.write(value) }
    mutating func encode(_ value: Int) throws { try state.write(value) }
    mutating func encode(_ value: Int8) throws { try state.write(value) }
    mutating func encode(_ value: Int16) throws { try state.write(value) }
    mutating func encode(_ value: Int32) throws { try state.write(value) }
    mutating func encode(_ value: Int64) throws { try state.write(value) }
    mutating func encode(_ value: UInt) throws { try state.write(value) }
    mutating func encode(_ value: UInt8) throws { try state.write(value) }
    mutating func encode(_ value: UInt16) throws { try state.write(value) }
    mutating func encode(_ value: UInt32) throws { try state.write(value) }
    mutating func encode(_ value: UInt64) throws { try state.write(value) }
}

/// What the positional format cannot hold: a bare nil (only optionals through `encodeIfPresent`/`decodeIfPresent`
/// carry presence) and floating-point or other fixed-width numbers the partner model does not use. Writing such a
/// type fails the cache write — loudly in tests, silently in use (the next run parses instead).
enum CacheCodingUnsupported: Error {
    case nilValue
    case type(String)
}
