/// One problem found in the user's files, located like a compiler error so an editor or CI annotation can jump to it.
///
/// `fieldPath` names the value in the document (`spec.access.scopes[2]`), `snippet` is the offending source line
/// (already redacted when the line holds a secret) so renderers never need to re-read files.
public struct Diagnostic: Sendable, Hashable {
    public let severity: Severity
    public let code: DiagnosticCode
    public let location: SourceLocation
    public let fieldPath: String
    public let message: String
    public let snippet: String?

    public init(
        severity: Severity = .error,
        code: DiagnosticCode,
        location: SourceLocation,
        fieldPath: String,
        message: String,
        snippet: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.location = location
        self.fieldPath = fieldPath
        self.message = message
        self.snippet = snippet
    }

    /// Orders diagnostics by file, then position, so output is stable whatever order checks ran in.
    public static func sortedForDisplay(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            if $0.location != $1.location { return $0.location < $1.location }
            if $0.fieldPath != $1.fieldPath { return $0.fieldPath < $1.fieldPath }
            return $0.message < $1.message
        }
    }
}
