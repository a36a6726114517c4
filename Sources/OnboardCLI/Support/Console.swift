import Foundation

/// The only place onboard writes to the terminal: results to standard output, problems to standard error.
enum Console {
    /// Flushed at once, so progress shows while an apply runs and nothing is lost if it is killed.
    static func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
