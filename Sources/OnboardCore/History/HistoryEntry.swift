import Foundation

/// One line of a partner's timeline (`onboard history`): a change an apply made to one of its resources, or a
/// revocation made with `onboard ca revoke` that only the CA inventory knows — when, by whom, from which commit, why.
public struct HistoryEntry: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        case apply
        /// The CA inventory: a revocation outside any apply.
        case ca
    }

    public let at: Date
    public let partnerID: String
    public let source: Source
    /// The journal entry of the apply; nil for `ca` entries.
    public let applyID: Int?
    public let actor: String?
    public let gitCommit: String?
    public let address: ResourceAddress?
    public let action: ChangeAction?
    public let reasons: [ChangeReason]
    /// The lifecycle events the change amounts to (onboarded, certificate-renewed, …).
    public let events: [PartnerEvent.Kind]
    /// The services of its route events (`route-added`, `route-removed`), in their order.
    public let routeServices: [String]
    /// The grant ids of its grant events (`grant-given`, `grant-ended`, `grant-withdrawn`), in their order.
    public let grants: [String]
    public let status: JournalStep.Status
    /// The certificate serial (for certificate changes and revocations), or the resource's platform id.
    public let platformID: String?
    /// For `ca` entries: the RFC 5280 revocation reason.
    public let revocationReason: RevocationReason?

    public init(
        at: Date, partnerID: String, source: Source, applyID: Int?, actor: String?, gitCommit: String?,
        address: ResourceAddress?, action: ChangeAction?, reasons: [ChangeReason], events: [PartnerEvent.Kind],
        status: JournalStep.Status, platformID: String?, revocationReason: RevocationReason? = nil,
        routeServices: [String] = [], grants: [String] = []
    ) {
        self.grants = grants
        self.routeServices = routeServices
        self.at = at
        self.partnerID = partnerID
        self.source = source
        self.applyID = applyID
        self.actor = actor
        self.gitCommit = gitCommit
        self.address = address
        self.action = action
        self.reasons = reasons
        self.events = events
        self.status = status
        self.platformID = platformID
        self.revocationReason = revocationReason
    }
}
