import ArgumentParser

extension ExitCode {
    /// Problems were found (or the command failed).
    static let problems = ExitCode(1)
}
