import OnboardSpec

/// Prints diagnostics like a compiler: `path:line:column: error: field.path: message`, then the source line and a
/// caret under the column.
public struct DiagnosticRenderer: Sendable {
    public let style: TerminalStyle
    /// Prepended to every file path (the `--root` given), so paths open from where the command ran.
    public let pathPrefix: String

    public init(style: TerminalStyle, pathPrefix: String = "") {
        self.style = style
        self.pathPrefix = pathPrefix
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        var place = pathPrefix + location.file
        if location.line > 0 { place += ":\(location.line):\(location.column)" }
        let severity =
            diagnostic.severity == .error
            ? style.red("error:") : style.yellow("warning:")
        let field = diagnostic.fieldPath.isEmpty ? "" : diagnostic.fieldPath + ": "
        var text = style.bold(place + ":") + " " + severity + " " + style.bold(field) + diagnostic.message + "\n"
        if let snippet = diagnostic.snippet, location.column > 0 {
            text += snippet + "\n" + caretLine(snippet, column: location.column) + "\n"
        }
        return text
    }

    /// The summary line after the diagnostics.
    public func summary(_ result: LoadResult) -> String {
        let counted = "\(result.fileCount) files, \(result.network.partners.count) valid partners"
        guard !result.diagnostics.isEmpty else { return style.green("ok: \(counted), no problems") }
        let files = Set(result.diagnostics.map(\.location.file)).count
        let errors = plural(result.errorCount, "error")
        let warnings = plural(result.warningCount, "warning")
        return "\(errors), \(warnings) in \(plural(files, "file")) (\(counted))"
    }

    /// Spaces (tabs kept, so the caret lines up) up to the column, then `^`.
    private func caretLine(_ line: String, column: Int) -> String {
        let prefix = line.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        return prefix + style.green("^")
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
