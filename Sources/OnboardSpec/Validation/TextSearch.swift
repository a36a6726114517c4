/// Byte-level substring search for the scans that run over every file (secrets, PEM markers): Foundation's
/// `range(of:)` is locale-aware and an order of magnitude slower, which shows at 10,000 partners.
enum TextSearch {
    static func contains(_ text: String, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                if bytes[index] == first {
                    var offset = 1
                    while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
