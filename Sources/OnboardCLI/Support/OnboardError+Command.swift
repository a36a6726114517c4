import OnboardCore
import OnboardSpec

extension OnboardError {
    /// A command that cannot run, for a reason the CLI finds (a missing variable, a usage mistake, invalid files):
    /// the same error type the engine throws, so one reporter prints both. With diagnostics, the code is
    /// `invalid-files` and the diagnostics say which lines.
    static func command(_ message: String, code: Code = .configuration, diagnostics: [Diagnostic] = []) -> OnboardError
    {
        OnboardError(diagnostics.isEmpty ? code : .invalidFiles, message, diagnostics: diagnostics)
    }
}
