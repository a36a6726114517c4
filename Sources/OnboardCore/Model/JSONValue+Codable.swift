import OnboardSpec

extension JSONValue {
    /// `value` as a document, straight from its `Codable` conformance with no text in between: a typed document (a
    /// client's metadata) is declared once, as a `Codable` type, and its document form follows. Keys are the
    /// property names; absent optionals are left out; a SMART scope is its text, so a diff reads `scopes[1]: +
    /// system/Patient.rs`.
    public init(encoding value: some Encodable) throws {
        self = try JSONValueBoxing.box(value)
    }

    /// The typed value this document holds, the inverse of `init(encoding:)`; throws `DecodingError` naming the path of
    /// the first member that does not fit.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONValueBoxing.unbox(self, as: type, path: [])
    }
}

/// The leaves both directions share: values that are their own document, and the types with a document form of
/// their own.
enum JSONValueBoxing {
    /// Leaves are told apart by type identity, not dynamic casts: a plan encodes thousands of documents.
    /// (`unsafeBitCast` only where `T` is that very type.)
    static func box<T: Encodable>(_ value: T) throws -> JSONValue {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == JSONValue.self { return unsafeBitCast(value, to: JSONValue.self) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == SmartScope.self { return .string(unsafeBitCast(value, to: SmartScope.self).description) }
        if T.self == Int.self { return .number(Double(unsafeBitCast(value, to: Int.self))) }
        if T.self == Double.self { return .number(unsafeBitCast(value, to: Double.self)) }
        let node = EncodedNode()
        try value.encode(to: NodeEncoder(node: node))
        return node.value
    }

    static func unbox<T: Decodable>(_ json: JSONValue, as type: T.Type, path: [any CodingKey]) throws -> T {
        func mismatch(_ expected: String) -> DecodingError {
            .typeMismatch(T.self, .init(codingPath: path, debugDescription: "expected \(expected), found \(json)"))
        }
        switch type {
        case is JSONValue.Type: return json as! T
        case is String.Type:
            guard case .string(let value) = json else { throw mismatch("a string") }
            return value as! T
        case is Bool.Type:
            guard case .bool(let value) = json else { throw mismatch("true or false") }
            return value as! T
        case is Double.Type:
            guard case .number(let value) = json else { throw mismatch("a number") }
            return value as! T
        case is Int.Type:
            guard case .number(let value) = json, let integer = Int(exactly: value) else {
                throw mismatch("an integer")
            }
            return integer as! T
        case is SmartScope.Type:
            guard case .string(let text) = json, let scope = try? SmartScope(parsing: text) else {
                throw mismatch("a SMART scope")
            }
            return scope as! T
        default:
            return try T(from: NodeDecoder(json: json, codingPath: path))
        }
    }
}

// MARK: - Encoding

/// One value being encoded: a scalar, or an object or array whose members are written in place; a nested container
/// (rare: synthesised conformances encode nested values whole) is a node of its own, merged when the value is read.
final class EncodedNode {
    enum Kind { case scalar, object, array }

    private(set) var kind = Kind.scalar
    private var scalar = JSONValue.null
    private var members: [String: JSONValue] = [:]
    private var nestedMembers: [String: EncodedNode] = [:]
    private var elements: [JSONValue] = []
    private var nestedElements: [(index: Int, node: EncodedNode)] = []

    init() {}

    init(_ kind: Kind) { self.kind = kind }

    var value: JSONValue {
        switch kind {
        case .scalar: return scalar
        case .object:
            guard !nestedMembers.isEmpty else { return .object(members) }
            var merged = members
            for (key, node) in nestedMembers { merged[key] = node.value }
            return .object(merged)
        case .array:
            guard !nestedElements.isEmpty else { return .array(elements) }
            var merged = elements
            for (index, node) in nestedElements { merged[index] = node.value }
            return .array(merged)
        }
    }

    var count: Int { elements.count }

    func becomes(_ kind: Kind) { self.kind = kind }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    func set(_ key: String, _ value: JSONValue) {
        kind = .object
        nestedMembers[key] = nil
        members[key] = value
    }

    func set(_ key: String, _ node: EncodedNode) {
        kind = .object
        members[key] = nil
        nestedMembers[key] = node
    }

    func append(_ value: JSONValue) {
        kind = .array
        elements.append(value)
    }

    func append(_ node: EncodedNode) {
        kind = .array
        nestedElements.append((elements.count, node))
        elements.append(.null)
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodedNode
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.kind != .object { node.becomes(.object) }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.kind != .array { node.becomes(.array) }
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeEncoder(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    var codingPath: [any CodingKey]

    mutating func put<T: Encodable>(_ value: T, _ key: Key) throws {
        node.set(key.stringValue, try JSONValueBoxing.box(value))
    }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, JSONValue.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(Double(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(Int(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(Int(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode(.object)
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedNodeEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodedNode(.array)
        node.set(key.stringValue, child)
        return UnkeyedNodeEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key.stringValue) }

    private func superEncoder(key: String) -> any Encoder {
        let child = EncodedNode()
        node.set(key, child)
        return NodeEncoder(node: child, codingPath: codingPath)
    }
}

private struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func put<T: Encodable>(_ value: T) throws { node.append(try JSONValueBoxing.box(value)) }

    mutating func encodeNil() throws { node.append(JSONValue.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(Double(value)) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(Int(value)) }
    mutating func encode(_ value: Int16) throws { try put(Int(value)) }
    mutating func encode(_ value: Int32) throws { try put(Int(value)) }
    mutating func encode(_ value: Int64) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt8) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt16) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt32) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt64) throws { try put(Int(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode(.object)
        node.append(child)
        return KeyedEncodingContainer(KeyedNodeEncoder<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodedNode(.array)
        node.append(child)
        return UnkeyedNodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        node.append(child)
        return NodeEncoder(node: child, codingPath: codingPath)
    }
}

private struct SingleNodeEncoder: SingleValueEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey]

    mutating func put<T: Encodable>(_ value: T) throws { node.set(try JSONValueBoxing.box(value)) }

    mutating func encodeNil() throws { node.set(JSONValue.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(Double(value)) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(Int(value)) }
    mutating func encode(_ value: Int16) throws { try put(Int(value)) }
    mutating func encode(_ value: Int32) throws { try put(Int(value)) }
    mutating func encode(_ value: Int64) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt8) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt16) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt32) throws { try put(Int(value)) }
    mutating func encode(_ value: UInt64) throws { try put(Int(value)) }
}

// MARK: - Decoding

private struct NodeDecoder: Decoder {
    let json: JSONValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = json else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
        }
        return KeyedDecodingContainer(KeyedNodeDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = json else {
            throw DecodingError.typeMismatch(
                [JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
        }
        return UnkeyedNodeDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeDecoder(json: json, codingPath: codingPath)
    }
}

private struct KeyedNodeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }

    func take<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try JSONValueBoxing.unbox(try member(key), as: type, path: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { (members[key.stringValue] ?? .null) == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try take(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try take(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try take(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try take(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try take(Double.self, key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try take(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
        let value = try take(Int.self, key)
        guard let exact = T(exactly: value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(value) does not fit")
        }
        return exact
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(json: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(json: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { NodeDecoder(json: members["super"] ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(json: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeDecoder: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath, debugDescription: "no element \(currentIndex)"))
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func take<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueBoxing.unbox(try next(), as: type, path: codingPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try take(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try take(type) }
    mutating func decode(_ type: String.Type) throws -> String { try take(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try take(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try take(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try take(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let value = try take(Int.self)
        guard let exact = T(exactly: value) else {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: "\(value) does not fit")
        }
        return exact
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(json: try next(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(json: try next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { NodeDecoder(json: try next(), codingPath: codingPath) }
}

private struct SingleNodeDecoder: SingleValueDecodingContainer {
    let json: JSONValue
    var codingPath: [any CodingKey]

    func take<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueBoxing.unbox(json, as: type, path: codingPath) }

    func decodeNil() -> Bool { json == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try take(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try take(type) }
    func decode(_ type: String.Type) throws -> String { try take(type) }
    func decode(_ type: Double.Type) throws -> Double { try take(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try take(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try take(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private func integer<T: FixedWidthInteger>() throws -> T {
        let value = try take(Int.self)
        guard let exact = T(exactly: value) else {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: "\(value) does not fit")
        }
        return exact
    }
}
