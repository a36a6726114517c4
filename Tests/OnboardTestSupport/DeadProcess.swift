import Foundation

/// The process id of a process that has exited, for files named after a run of onboard that was killed.
public enum DeadProcess {
    public static func identifier() throws -> pid_t {
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        return finished.processIdentifier
    }
}
