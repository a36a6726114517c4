/// What any string in an onboard file may contain. Values travel into certificate requests, FHIR resources, OAuth
/// registrations, HTTP headers, logs, a pull-request comment and a partner's kit; a newline, a terminal escape, a
/// bidirectional override or a zero-width character in them would let a file say one thing on screen and another to
/// a machine. So every string is one line of visible text.
public enum TextRules {
    /// Longest string accepted in any field; real names, URLs and codes are far shorter.
    public static let maxLength = 2048

    /// Why `text` is not one line of printable text, or nil when it is.
    public static func unprintableProblem(_ text: String) -> String? {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text.utf8.count > maxLength ? tooLong(text.utf8.count) : nil
        }
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if isHidden(scalar) {
                return "contains \(Self.name(scalar)) at character \(count); only one line of visible text is accepted"
            }
        }
        return count > maxLength ? tooLong(count) : nil
    }

    /// Text from elsewhere — a server's answer, a client name anyone could register — as one line fit for a terminal
    /// or a file a person reviews: line breaks and tabs become spaces, every other character the rule refuses
    /// (terminal escapes, bidirectional overrides, zero-width characters) a `?`.
    public static func visible(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    guard isHidden(scalar) else { return scalar }
                    return ["\n", "\r", "\t"].contains(scalar) ? " " : "?"
                }))
    }

    /// A character that is not visible text: controls, format characters, separators, surrogates, private use and
    /// unassigned code points.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }

    private static func tooLong(_ count: Int) -> String {
        "is \(count) characters long; at most \(maxLength) are accepted"
    }

    /// `U+000A (line feed)`: the code point, and a word for the common ones.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let words: [UInt32: String] = [
            0x0A: "line feed", 0x0D: "carriage return", 0x09: "tab", 0x1B: "escape", 0x00: "NUL",
            0x200B: "zero-width space", 0x200D: "zero-width joiner", 0xFEFF: "zero-width no-break space",
            0x202E: "right-to-left override", 0x2028: "line separator", 0x2029: "paragraph separator",
        ]
        return words[scalar.value].map { "\(code) (\($0))" } ?? code
    }
}
