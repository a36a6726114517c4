/// Appends values in the partner cache's binary format: integers as 8 bytes little-endian, strings and byte runs
/// length-prefixed, optionals and arrays with a presence byte or a count. No keys, no reflection: a cached partner is
/// read back in a few microseconds, far below what parsing its YAML costs.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    /// Bytes another writer produced, as they are (no length prefix).
    mutating func append(_ other: CacheWriter) {
        bytes.append(contentsOf: other.bytes)
    }

    mutating func integer(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Eight bytes to be filled in later with `setInteger(_:at:)`; returns where they are.
    mutating func reserveInteger() -> Int {
        defer { integer(0) }
        return bytes.count
    }

    mutating func setInteger(_ value: Int, at offset: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func raw(_ run: some Collection<UInt8>) {
        integer(run.count)
        bytes.append(contentsOf: run)
    }

    mutating func string(_ value: String) {
        raw(value.utf8)
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout CacheWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func array<Value>(_ values: [Value], _ write: (inout CacheWriter, Value) -> Void) {
        integer(values.count)
        for value in values { write(&self, value) }
    }
}
