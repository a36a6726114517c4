import Foundation

extension StateStore {
    /// Takes the lock, waiting up to `timeout` seconds for its holder to finish (`apply --lock-timeout`), checking
    /// every 200 ms without holding a thread; with 0 it fails at once, naming the holder.
    public func lock(
        _ holder: LockHolder, waitingUpTo timeout: TimeInterval
    ) async throws(OnboardError) -> any StateLock {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while true {
            do {
                return try await lock(holder)
            } catch {
                guard error.code == .locked, ContinuousClock.now < deadline else { throw error }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
