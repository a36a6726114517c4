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
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/onboard")
    }

    static func process(_ arguments: [String], in directory: URL, environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return process
    }

    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run
    {
        let process = process(arguments, in: directory, environment: environment)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs the binary until its standard output satisfies `until`, waits `milliseconds` more and SIGKILLs it —
    /// an operator's worst moment, chosen by what the run has printed. Returns whether it was still running then
    /// (false when it finished first) and what it printed.
    public static func kill(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:], milliseconds: Int = 0,
        when until: (String) -> Bool
    ) throws -> (killed: Bool, output: String) {
        let process = process(arguments, in: directory, environment: environment)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !until(seen) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        usleep(UInt32(milliseconds * 1000))
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (process.terminationReason == .uncaughtSignal, seen)
    }

    /// The same, awaited (for async tests: no thread waits for the process).
    public static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) async throws -> Run {
        let outcome = try await ChildProcess.run(
            [url.path] + arguments, workingDirectory: directory.path, environment: environment)
        return Run(status: outcome.status, output: outcome.output + outcome.errorOutput)
    }
}
