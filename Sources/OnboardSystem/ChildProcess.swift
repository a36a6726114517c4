import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs a program and awaits its exit without holding a thread, collecting what it prints (the gateway's `nginx -t`
/// and reload, `git rev-parse`). The one place onboard starts a process.
public enum ChildProcess {
    /// What a finished program left: its exit status (a signal counts as failure) and its output, each capped.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
        public let errorOutput: String

        public var succeeded: Bool { status == 0 }
    }

    /// The most output kept per stream; a program printing more is cut there, never allowed to fill memory.
    static let outputLimit = 1 << 20

    /// Runs `command` (an executable path and its arguments) in `workingDirectory`, with `environment` added to
    /// onboard's own.
    public static func run(
        _ command: [String], workingDirectory: String? = nil, environment: [String: String] = [:]
    ) async throws -> Outcome {
        guard let executable = command.first else { return Outcome(status: 0, output: "", errorOutput: "") }
        let result = try await Subprocess.run(
            executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
            arguments: Arguments(Array(command.dropFirst())),
            environment: environment.isEmpty
                ? .inherit
                : .inherit.updating(
                    Dictionary(
                        uniqueKeysWithValues: environment.map {
                            (Environment.Key(stringLiteral: $0.key), Optional($0.value))
                        })),
            workingDirectory: workingDirectory.map { FilePath($0) },
            output: .string(limit: outputLimit), error: .string(limit: outputLimit)
        )
        let status: Int32 =
            switch result.terminationStatus {
            case .exited(let code): Int32(code)
            default: -1
            }
        return Outcome(status: status, output: result.standardOutput, errorOutput: result.standardError)
    }
}
