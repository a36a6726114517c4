import Foundation
import OnboardCore

/// The only place onboard writes to the terminal: results to standard output, problems to standard error.
enum Console {
    /// Flushed at once, so progress shows while an apply runs and nothing is lost if it is killed.
    static func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
        lastWrite.set(ContinuousClock.now)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
        lastWrite.set(ContinuousClock.now)
    }

    /// Asks on the terminal and reads the answer; while it waits, the run is not silent, it is waiting for a person.
    static func ask(_ prompt: String) -> String? {
        out(prompt, terminator: "")
        lastWrite.set(nil)
        defer { lastWrite.set(ContinuousClock.now) }
        return readLine()
    }

    /// Seconds since anything was printed (or since the run started); 0 while a question waits for its answer.
    static var silence: Double {
        guard let last = lastWrite.get() else { return 0 }
        return (ContinuousClock.now - last).inSeconds
    }

    private static let lastWrite = LastWrite()

    private final class LastWrite: @unchecked Sendable {
        private let lock = NSLock()
        private var instant: ContinuousClock.Instant? = ContinuousClock.now

        func set(_ value: ContinuousClock.Instant?) {
            lock.lock()
            instant = value
            lock.unlock()
        }

        func get() -> ContinuousClock.Instant? {
            lock.lock()
            defer { lock.unlock() }
            return instant
        }
    }
}
