import OnboardSpec

/// A command could not run: a one-line reason, and the diagnostics of the files that stopped it, if any.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let diagnostics: [Diagnostic]

    init(_ message: String, diagnostics: [Diagnostic] = []) {
        self.message = message
        self.diagnostics = diagnostics
    }

    var description: String { message }
}
