/// A plan with what it was made from: the desired state the applier writes, and the cost of the refresh (nil when
/// the plan trusted recorded state), which the CLI reports.
public struct PlanOutcome: Sendable {
    public let plan: Plan
    public let desired: DesiredState
    public let refreshRequests: Int?
}
