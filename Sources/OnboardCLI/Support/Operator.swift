import Foundation
import OnboardCore

/// Who is running onboard, for the state lock and the apply journal.
enum Operator {
    static func holder(_ operation: String, clock: any Clock) -> LockHolder {
        let environment = ProcessInfo.processInfo.environment
        return LockHolder(
            user: environment["GITHUB_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown",
            host: ProcessInfo.processInfo.hostName, processID: ProcessInfo.processInfo.processIdentifier,
            operation: operation, since: clock.now()
        )
    }

    /// `git rev-parse HEAD` in the repository, when it is a git checkout.
    static func gitCommit(at root: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
