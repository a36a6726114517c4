import Foundation
import OnboardCore

/// The time one server may take in a run: its own deadline (`deadlineSeconds` of its connection, counted from its
/// first request) and the run's. Each request waits at most what is left, and none is sent once either is spent.
final class RequestBudget: @unchecked Sendable {
    /// The nearer deadline and the setting that names it.
    struct Left {
        let seconds: TimeInterval
        let name: String
    }

    private let limit: Duration?
    /// The onboard.yaml setting that names `limit`, for the message.
    private let setting: String
    let run: NetworkRun
    private let lock = NSLock()
    private var firstRequest: ContinuousClock.Instant?

    init(limit: Duration?, setting: String, run: NetworkRun) {
        self.limit = limit
        self.setting = setting
        self.run = run
    }

    /// What is left of the nearer deadline (0 or less once it has passed), nil when nothing limits the server.
    func left() -> Left? {
        let now = ContinuousClock.now
        lock.lock()
        if firstRequest == nil { firstRequest = now }
        let start = firstRequest!
        lock.unlock()
        var left: Left?
        if let limit {
            left = Left(
                seconds: (start + limit - now).inSeconds, name: "its deadline (\(setting): \(Int(limit.inSeconds)) s)")
        }
        if let deadline = run.deadline, left == nil || (deadline - now).inSeconds < left!.seconds {
            left = Left(seconds: (deadline - now).inSeconds, name: "the run's deadline (\(run.deadlineSetting))")
        }
        return left
    }

    func expired(_ left: Left, serverName: String, requests: Int) -> OnboardError {
        OnboardError(
            .unreachable,
            "the \(serverName) has used \(left.name) after \(requests) requests; onboard stops here — what was applied is "
                + "recorded, and the next run goes on from it"
        )
    }
}
