/// Reads what `CacheEncoder` wrote, by position, into any `Decodable` value: the synthesised `init(from:)` asks for
/// its fields in declaration order, which is the order they were written. Every length and count is checked against
/// the bytes left, so a truncated or corrupt cache is an error (and the cache is ignored), never a crash.
struct CacheDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from reader: inout CacheReader) throws(CacheReader.Corrupt) -> T {
        let files = try reader.array { reader throws(CacheReader.Corrupt) in try reader.string() }
        let state = CacheDecodingState(reader: reader, files: files)
        do {
            let value = try state.read(type)
            reader = state.reader
            return value
        } catch {
            throw CacheReader.Corrupt()
        }
    }
}

/// What one decoding shares between its containers.
final class CacheDecodingState {
    /// Only this decoding's own containers, one at a time, ever touch it: no dynamic exclusivity check per read.
    @exclusivity(unchecked) fileprivate(set) var reader: CacheReader
    private let files: [String]

    init(reader: CacheReader, files: [String]) {
        self.reader = reader
        self.files = files
    }

    /// The next value of type `T`. Primitives, locations and the generic containers the model is made of (located
    /// values, arrays, string-keyed dictionaries) are read directly — the same bytes their `Codable` conformance
    /// writes, without a container per value: a partner holds dozens of them, and a no-change plan reads 10,000.
    /// (`unsafeBitCast` only where `T` is that very type.)
    func read<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self { return unsafeBitCast(try reader.string(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try reader.integer(), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try reader.bool(), to: T.self) }
        if T.self == SourceLocation.self { return unsafeBitCast(try location(), to: T.self) }
        if T.self == [UInt8].self { return unsafeBitCast(try reader.raw(), to: T.self) }
        if T.self == UInt8.self {
            guard let value = UInt8(exactly: try reader.integer()) else { throw CacheReader.Corrupt() }
            return unsafeBitCast(value, to: T.self)
        }
        // The model's most common generic values, by type identity before the (costlier) conformance lookup.
        if T.self == Located<String>.self { return unsafeBitCast(try locatedString(), to: T.self) }
        if T.self == Located<Int>.self {
            return unsafeBitCast(Located(try reader.integer(), at: try location()), to: T.self)
        }
        if T.self == Located<Bool>.self {
            return unsafeBitCast(Located(try reader.bool(), at: try location()), to: T.self)
        }
        if T.self == [Located<String>].self {
            let count = try count()
            var array: [Located<String>] = []
            array.reserveCapacity(count)
            for _ in 0..<count { array.append(try locatedString()) }
            return unsafeBitCast(array, to: T.self)
        }
        if let direct = T.self as? any CacheDirectlyDecodable.Type { return try readDirectly(direct) }
        return try T(from: PositionalDecoder(state: self))
    }

    /// `D` is `T` (the caller checked `T.self as? any CacheDirectlyDecodable.Type`).
    private func readDirectly<D: CacheDirectlyDecodable, T>(_ type: D.Type) throws -> T {
        unsafeBitCast(try D.read(from: self), to: T.self)
    }

    func readIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        try reader.bool() ? try read(type) : nil
    }

    /// An array's or dictionary's count, no more than the bytes left (every element takes at least one).
    func count() throws -> Int {
        let count = try reader.integer()
        guard count >= 0, count <= reader.remaining else { throw CacheReader.Corrupt() }
        return count
    }

    /// As `Located`'s conformance writes it: the value, then the location.
    private func locatedString() throws -> Located<String> { Located(try reader.string(), at: try location()) }

    func location() throws -> SourceLocation {
        let index = try reader.integer()
        guard files.indices.contains(index) else { throw CacheReader.Corrupt() }
        return SourceLocation(file: files[index], line: try reader.integer(), column: try reader.integer())
    }
}

/// A generic container of the model read field by field in the order its `Codable` conformance writes them.
protocol CacheDirectlyDecodable {
    static func read(from state: CacheDecodingState) throws -> Self
}

extension Located: CacheDirectlyDecodable where Value: Decodable {
    /// As the synthesised conformance writes it: the value, then the location.
    static func read(from state: CacheDecodingState) throws -> Self {
        Located(try state.read(Value.self), at: try state.location())
    }
}

extension Array: CacheDirectlyDecodable where Element: Decodable {
    /// As an unkeyed container writes it: the count, then each element.
    static func read(from state: CacheDecodingState) throws -> Self {
        let count = try state.count()
        var array: Self = []
        array.reserveCapacity(count)
        for _ in 0..<count { array.append(try state.read(Element.self)) }
        return array
    }
}

/// The model's string enumerations, as their `Codable` conformance writes them: the raw value.
extension CacheDirectlyDecodable where Self: RawRepresentable, RawValue == String {
    static func read(from state: CacheDecodingState) throws -> Self {
        guard let value = Self(rawValue: try state.read(String.self)) else { throw CacheReader.Corrupt() }
        return value
    }
}

extension PartnerStatus: CacheDirectlyDecodable {}
extension AuthMethod: CacheDirectlyDecodable {}
extension EndpointConnectionType: CacheDirectlyDecodable {}
extension ScopeContext: CacheDirectlyDecodable {}

extension ScopePermissions: CacheDirectlyDecodable {
    static func read(from state: CacheDecodingState) throws -> Self { Self(rawValue: try state.read(UInt8.self)) }
}

extension Dictionary: CacheDirectlyDecodable where Key == String, Value: Codable {
    static func read(from state: CacheDecodingState) throws -> Self { try readSorted(from: state) }
}

private struct PositionalDecoder: Decoder {
    let state: CacheDecodingState
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedReader<Key>(state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try UnkeyedReader(state: state) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleReader(state: state) }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: CacheDecodingState
    var codingPath: [any CodingKey] { [] }
    /// Keys are not stored: only types whose decoding asks for fields by name, in order, can be read.
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { throw CacheCodingUnsupported.nilValue }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try state.read(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try state.readIfPresent(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try state.read(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try state.read(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try state.read(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try state.read(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try state.read(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try state.read(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try state.read(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try state.read(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try state.read(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try state.read(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try state.read(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try state.read(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try state.read(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try state.read(type) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try state.readIfPresent(type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try state.readIfPresent(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(KeyedReader<NestedKey>(state: state))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(state: state)
    }

    func superDecoder() throws -> any Decoder { PositionalDecoder(state: state) }
    func superDecoder(forKey key: Key) throws -> any Decoder { PositionalDecoder(state: state) }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let state: CacheDecodingState
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex == count }

    init(state: CacheDecodingState) throws {
        self.state = state
        count = try state.count()
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeElement(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeElement(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeElement(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeElement(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeElement(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeElement(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeElement(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeElement(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeElement(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeElement(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeElement(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeElement(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeElement(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeElement(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeElement(type) }

    private mutating func decodeElement<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw CacheReader.Corrupt() }
        currentIndex += 1
        return try state.read(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        guard !isAtEnd else { throw CacheReader.Corrupt() }
        currentIndex += 1
        return KeyedDecodingContainer(KeyedReader<NestedKey>(state: state))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard !isAtEnd else { throw CacheReader.Corrupt() }
        currentIndex += 1
        return try UnkeyedReader(state: state)
    }

    mutating func superDecoder() throws -> any Decoder { PositionalDecoder(state: state) }
}

private struct SingleReader: SingleValueDecodingContainer {
    let state: CacheDecodingState
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.read(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try state.read(type) }
    func decode(_ type: String.Type) throws -> String { try state.read(type) }
    func decode(_ type: Double.Type) throws -> Double { throw CacheCodingUnsupported.type("Double") }
    func decode(_ type: Float.Type) throws -> Float { throw CacheCodingUnsupported.type("Float") }
    func decode(_ type: Int.Type) throws -> Int { try state.read(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { throw CacheCodingUnsupported.type("Int8") }
    func decode(_ type: Int16.Type) throws -> Int16 { throw CacheCodingUnsupported.type("Int16") }
    func decode(_ type: Int32.Type) throws -> Int32 { throw CacheCodingUnsupported.type("Int32") }
    func decode(_ type: Int64.Type) throws -> Int64 { throw CacheCodingUnsupported.type("Int64") }
    func decode(_ type: UInt.Type) throws -> UInt { throw CacheCodingUnsupported.type("UInt") }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try state.read(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw CacheCodingUnsupported.type("UInt16") }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw CacheCodingUnsupported.type("UInt32") }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw CacheCodingUnsupported.type("UInt64") }
}
