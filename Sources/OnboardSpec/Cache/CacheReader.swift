/// Reads what `CacheWriter` wrote, checking every length against the bytes left: a truncated or corrupt cache file
/// is a `CacheReader.Corrupt` error (and the cache is then ignored), never a crash or a wrong partner.
struct CacheReader {
    struct Corrupt: Error {}

    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { offset == end }
    var remaining: Int { end - offset }

    mutating func integer() throws(Corrupt) -> Int {
        guard end - offset >= 8 else { throw Corrupt() }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += 8
        return Int(Int64(bitPattern: value))
    }

    mutating func bool() throws(Corrupt) -> Bool {
        guard offset < end else { throw Corrupt() }
        defer { offset += 1 }
        switch bytes[offset] {
        case 0: return false
        case 1: return true
        default: throw Corrupt()
        }
    }

    /// The bounds of the next length-prefixed run, skipping it.
    mutating func run() throws(Corrupt) -> Range<Int> {
        let count = try integer()
        guard count >= 0, end - offset >= count else { throw Corrupt() }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func raw() throws(Corrupt) -> [UInt8] {
        Array(bytes[try run()])
    }

    mutating func string() throws(Corrupt) -> String {
        let range = try run()
        return try bytes.withUnsafeBufferPointer { buffer throws(Corrupt) in
            let utf8 = UnsafeBufferPointer(rebasing: buffer[range])
            // ASCII (nearly every string of a partner) needs no validation beyond the check itself; the rest is
            // validated, never repaired.
            if !utf8.contains(where: { $0 >= 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
            guard let text = String(validating: utf8, as: UTF8.self) else { throw Corrupt() }
            return text
        }
    }

    /// Whether the next string equals `text`, without building a String.
    mutating func string(equals text: String) throws(Corrupt) -> Bool {
        let range = try run()
        var text = text
        return text.withUTF8 { $0.elementsEqual(bytes[range]) }
    }

    mutating func optional<Value>(_ read: (inout CacheReader) throws(Corrupt) -> Value) throws(Corrupt) -> Value? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<Value>(_ read: (inout CacheReader) throws(Corrupt) -> Value) throws(Corrupt) -> [Value] {
        let count = try integer()
        guard count >= 0, count <= end - offset else { throw Corrupt() }
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    mutating func rawValue<Value: RawRepresentable<String>>(_: Value.Type) throws(Corrupt) -> Value {
        guard let value = Value(rawValue: try string()) else { throw Corrupt() }
        return value
    }
}
