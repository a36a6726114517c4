/// An apply stopped part-way. Everything before `address` is applied and recorded, so the next plan shows exactly
/// what is left and the next apply converges.
public struct ApplyError: Error, Sendable, CustomStringConvertible {
    public let address: ResourceAddress
    public let applied: Int
    public let total: Int
    public let underlying: String

    public var description: String {
        "apply stopped at \(address): \(underlying). \(applied) of \(total) changes were applied and recorded; "
            + "fix the cause and run plan/apply again to finish."
    }
}
