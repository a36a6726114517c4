/// The text of the files a check may point into, so a diagnostic can quote its source line.
///
/// A partner is decoded together with its template's defaults, so its sink must reach both files.
public struct SourceCatalog: Sendable {
    /// Each file's whole text, as it was read.
    private(set) var texts: [String: String]

    public init(_ texts: [String: String] = [:]) {
        self.texts = texts
    }

    public func adding(_ path: String, text: String) -> SourceCatalog {
        var copy = self
        copy.texts[path] = text
        return copy
    }

    /// The source line a location points at, without its line terminator.
    public func line(_ location: SourceLocation) -> String? {
        guard location.line > 0, let text = texts[location.file] else { return nil }
        var current = 1
        var start = text.startIndex
        while current < location.line {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? text.endIndex
        return String(text[start..<end])
    }
}
