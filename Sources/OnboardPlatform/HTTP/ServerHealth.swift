import Foundation

/// What one run has learnt about a server: whether it ever answered, and — once a server that never answered has
/// timed out or stayed unreachable through every retry — why every further request fails at once. Without it, a
/// server that accepts connections and never answers costs each of hundreds of requests its full timeout and retries
/// (minutes of silence) before the first error appears.
final class ServerHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var answered = false
    private var downReason: String?

    /// Why requests to the server fail at once, nil while it may still answer.
    var down: String? {
        lock.lock()
        defer { lock.unlock() }
        return downReason
    }

    func recordAnswer() {
        lock.lock()
        answered = true
        lock.unlock()
    }

    /// Marks the server down for the rest of the run, unless it answered before (then a failure is the request's own).
    /// Returns whether it did.
    @discardableResult
    func markDown(_ reason: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !answered else { return false }
        if downReason == nil { downReason = reason }
        return true
    }
}
