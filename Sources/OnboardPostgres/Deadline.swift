import Foundation
import OnboardCore

/// Runs `operation` but answers within `seconds`, whatever the operation does: a database that vanishes mid-query
/// can leave a client waiting on an answer that never comes, and an apply must end in an error, not hang. On timeout
/// the operation is cancelled and left behind; its result, if it ever arrives, is dropped.
func withDeadline<T: Sendable>(
    _ seconds: Double, _ timeout: @escaping @Sendable () -> OnboardError,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = FirstOutcome<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.set(continuation)
        let work = Task {
            do { outcome.resume(.success(try await operation())) } catch { outcome.resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            if outcome.resume(.failure(timeout())) { work.cancel() }
        }
    }
}

/// Resumes a continuation with whichever outcome comes first.
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// True when this outcome was the first.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let waiting = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
        return waiting != nil
    }
}
