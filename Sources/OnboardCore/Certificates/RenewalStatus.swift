/// Whether a certificate should be renewed now, with the figures the planner shows (worded by the CLI).
public struct RenewalStatus: Sendable, Hashable {
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
}
