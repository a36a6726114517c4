import Foundation
import OnboardSystem

/// Runs the built `onboard` executable as a user would, capturing its output and exit status.
public enum OnboardBinary {
    public struct Run: Sendable {
        public let status: Int32
        public let output: String
    }

    /// The executable beside the test bundle in the build directory.
    public static var url: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("onboard")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/onboard")
    }

    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The same, awaited (for async tests: no thread waits for the process).
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Run {
        let outcome = try await ChildProcess.run([url.path] + arguments, workingDirectory: directory.path, environment: environment)
        return Run(status: outcome.status, output: outcome.output + outcome.errorOutput)
    }
}
