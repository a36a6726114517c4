/// Byte-level substring search for the scans that run over every file (secrets, PEM markers): Foundation's
/// `range(of:)` is locale-aware and an order of magnitude slower, which shows at 10,000 partners.
public enum TextSearch {
    public static func contains(_ text: String, _ needle: String) -> Bool {
        range(of: needle, in: Substring(text)) != nil
    }

    /// The first occurrence of `needle` in `text`, compared byte for byte (UTF-8).
    public static func range(of needle: String, in text: Substring) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return text.startIndex..<text.startIndex }
        var contiguous = text
        let found: Int? = contiguous.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return nil }
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                if bytes[index] == pattern[0] {
                    var offset = 1
                    while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return index }
                }
                index += 1
            }
            return nil
        }
        guard let found else { return nil }
        // Offsets into `text` itself: `withUTF8` may have worked on a contiguous copy.
        let start = text.utf8.index(text.startIndex, offsetBy: found)
        return start..<text.utf8.index(start, offsetBy: pattern.count)
    }
}
