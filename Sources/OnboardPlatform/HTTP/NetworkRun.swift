import Foundation

/// What the clients of every live server share in one run of onboard: the run's deadline (`--deadline`), after which
/// no request is sent, and the requests each server has answered — so the CLI can say what a long, silent refresh is
/// doing, and an apply stops at a clear point instead of hanging.
public final class NetworkRun: @unchecked Sendable {
    public let deadline: ContinuousClock.Instant?
    /// How the deadline was set, for the message that reports it ("--deadline 10m").
    public let deadlineSetting: String
    private let lock = NSLock()
    private var answered: [String: Int] = [:]

    public init(deadline: Duration? = nil, setting: String = "--deadline") {
        self.deadline = deadline.map { ContinuousClock.now + $0 }
        self.deadlineSetting = setting
    }

    func recordAnswer(from server: String) {
        lock.lock()
        answered[server, default: 0] += 1
        lock.unlock()
    }

    /// Answers received so far, per server name, in name order.
    public var answers: [(server: String, count: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return answered.keys.sorted().map { ($0, answered[$0]!) }
    }
}
