import OnboardCore
import OnboardSpec

/// A command could not run: a one-line reason with its code, and the diagnostics of the files that stopped it, if any.
struct CommandFailure: Error, CustomStringConvertible {
    let code: OnboardError.Code
    let message: String
    let diagnostics: [Diagnostic]

    init(_ message: String, code: OnboardError.Code = .configuration, diagnostics: [Diagnostic] = []) {
        self.code = diagnostics.isEmpty ? code : .invalidFiles
        self.message = message
        self.diagnostics = diagnostics
    }

    var description: String { message }
}
