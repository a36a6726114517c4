/// Fingerprint of everything a plan was computed from (every desired document, the removal switch), so `apply FILE`
/// can tell that the files changed since `plan --out FILE`. FNV-1a 64: it detects change, it is not a security
/// boundary, and it hashes 10,000 partners' documents in milliseconds.
public enum InputsFingerprint {
    public static func compute(_ desired: DesiredState, allowRemoval: Bool) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                for byte in bytes {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x0000_0100_0000_01b3
                }
            }
            hash ^= 0xff
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for address in desired.resources.keys.sorted() {
            mix(address.description)
            mix(desired.resources[address]!.canonical)
        }
        mix(allowRemoval ? "allow-removal" : "keep")
        return "fnv1a64:" + String(hash, radix: 16)
    }
}
