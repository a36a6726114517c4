import Foundation

/// When and how long to wait before trying a request again: 429 and 503 (and connection failures) are retried with
/// exponential backoff and full jitter, honouring a short `Retry-After`; every other answer is final.
public struct RetryPolicy: Sendable {
    public let attempts: Int
    public let baseDelay: TimeInterval
    public let maxDelay: TimeInterval

    public init(attempts: Int = 4, baseDelay: TimeInterval = 0.2, maxDelay: TimeInterval = 5) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    static let retriedStatuses: Set<Int> = [429, 503]

    /// The pause before attempt `attempt + 1` (attempt counts from 0).
    public func delay(after attempt: Int, retryAfter: String?) -> TimeInterval {
        if let retryAfter, let seconds = TimeInterval(retryAfter.trimmingCharacters(in: .whitespaces)) {
            return min(max(0, seconds), maxDelay)
        }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt)))
        return Double.random(in: ceiling / 2...ceiling)
    }
}
