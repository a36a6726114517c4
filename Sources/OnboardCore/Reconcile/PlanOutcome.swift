/// A plan with what it was made from: the desired state the applier writes, and the cost of making it — the
/// refresh's requests (nil when the plan trusted recorded state) and the time each phase took — which the CLI
/// reports (`--verbose`, and in the JSON plan).
public struct PlanOutcome: Sendable {
    public let plan: Plan
    public let desired: DesiredState
    public let refreshRequests: Int?
    /// Seconds per phase, in order: `desired` (desired state from the files), `refresh` (reading the platform),
    /// `plan` (comparing).
    public let phases: [(name: String, seconds: Double)]

    public init(
        plan: Plan, desired: DesiredState, refreshRequests: Int?, phases: [(name: String, seconds: Double)] = []
    ) {
        self.plan = plan
        self.desired = desired
        self.refreshRequests = refreshRequests
        self.phases = phases
    }
}
