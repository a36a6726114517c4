/// Whether a certificate should be renewed now, with the figures the planner shows ("renewal due in 12 days").
public struct RenewalStatus: Sendable, Hashable, CustomStringConvertible {
    /// Whole days until the certificate expires (negative once expired).
    public let daysLeft: Int
    /// The threshold that applied: `renewBeforeDays`, or a third of the lifetime when unset.
    public let thresholdDays: Int
    public let isDue: Bool

    public init(daysLeft: Int, thresholdDays: Int, isDue: Bool) {
        self.daysLeft = daysLeft
        self.thresholdDays = thresholdDays
        self.isDue = isDue
    }

    public var description: String {
        if daysLeft < 0 { return "expired \(-daysLeft) days ago" }
        return isDue
            ? "renewal due: \(daysLeft) days left, renew within \(thresholdDays) days of expiry"
            : "valid for \(daysLeft) more days"
    }
}
