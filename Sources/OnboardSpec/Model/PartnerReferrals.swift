/// Where a partner may send referrals (`spec.referrals.sendTo`): service ids, the hospital's or other partners'. The
/// gateway lets a `Task` or `ServiceRequest` through only along these routes.
public struct PartnerReferrals: Sendable, Hashable, Codable {
    public let sendTo: [Located<String>]
    /// Where `referrals:` is written, for problems about the routes as a whole (the template forbids sending).
    public let location: SourceLocation

    public init(sendTo: [Located<String>], location: SourceLocation) {
        self.sendTo = sendTo
        self.location = location
    }
}
