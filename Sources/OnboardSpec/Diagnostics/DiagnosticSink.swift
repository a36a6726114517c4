/// Collects diagnostics during one pass over a file (or a partner with its template), attaching the source line so
/// reports are self-contained. Not shared across threads: each unit of work has its own sink and results are merged.
public final class DiagnosticSink {
    private var sources: SourceCatalog
    private var seen: Set<Diagnostic> = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(sources: SourceCatalog) {
        self.sources = sources
    }

    /// Makes a further file quotable, for problems found inside a file the checked file refers to.
    public func addSource(_ path: String, text: String) {
        sources = sources.adding(path, text: text)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records a problem; an identical one (same place, same words) is kept once, since a template default can be
    /// reached from many partners.
    public func report(
        _ code: DiagnosticCode,
        at location: SourceLocation,
        path: FieldPath,
        _ message: String,
        severity: Severity = .error,
        redactingSecret: Bool = false
    ) {
        var snippet = sources.line(location)
        if redactingSecret, let line = snippet { snippet = SecretRedaction.redact(line: line, column: location.column) }
        snippet = snippet.flatMap { Self.quotable($0, column: location.column) }
        let diagnostic = Diagnostic(
            severity: severity, code: code, location: location, fieldPath: path.description,
            message: message, snippet: snippet
        )
        if seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    /// Longest source line quoted under a diagnostic; longer lines are cut after it, or not quoted at all when the
    /// fault lies beyond it, so a diagnostic never carries more of a file than the place at fault.
    public static let maxQuotedLine = 160

    /// The line as it may be quoted: capped, and with control characters (terminal escapes, NUL) shown as `?`.
    public static func quotable(_ line: String, column: Int) -> String? {
        let scalars = line.unicodeScalars
        guard scalars.count > maxQuotedLine else { return printable(scalars[...]) }
        guard column <= maxQuotedLine - 10 else { return nil }
        return printable(scalars.prefix(maxQuotedLine)) + "…"
    }

    private static func printable(_ scalars: Substring.UnicodeScalarView) -> String {
        var out = String.UnicodeScalarView()
        for scalar in scalars {
            let control = scalar.properties.generalCategory == .control && scalar != "\t"
            out.append(control ? "?" : scalar)
        }
        return String(out)
    }
}
