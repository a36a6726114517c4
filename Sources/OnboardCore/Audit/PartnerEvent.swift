/// A partner lifecycle event, as the audit trail and `onboard history` name it — read off the steps of an apply.
public struct PartnerEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case onboarded
        /// Objects made before onboard (by hand) taken over in place.
        case adopted
        case scopesChanged = "scopes-changed"
        /// A service it may now refer to (`spec.referrals.sendTo`, its affiliation's `healthcareService`).
        case routeAdded = "route-added"
        /// A service it may no longer refer to.
        case routeRemoved = "route-removed"
        /// An access grant recorded (its Consent written, its scopes on the client, its gateway entry).
        case grantGiven = "grant-given"
        /// A grant whose window passed, made inactive.
        case grantEnded = "grant-ended"
        /// A grant taken out of the partner file (or ended by offboarding), made inactive.
        case grantWithdrawn = "grant-withdrawn"
        case certificateIssued = "certificate-issued"
        case certificateRenewed = "certificate-renewed"
        case certificateRevoked = "certificate-revoked"
        case certificateHeld = "certificate-held"
        case certificateReleased = "certificate-released"
        case suspended
        case resumed
        case offboarded

        /// FHIR AuditEvent.action: C, U or D.
        public var action: String {
            switch self {
            case .onboarded, .certificateIssued, .certificateRenewed, .grantGiven: "C"
            case .offboarded, .certificateRevoked: "D"
            default: "U"
            }
        }
    }

    public let partnerID: String
    public let kind: Kind
    /// The step the event comes from: its time, status and platform ids.
    public let step: JournalStep
    /// The route's service (`HealthcareService/<id>`), for a route added or removed.
    public let service: String?
    /// The grant's id, for a grant event.
    public let grant: String?

    public init(partnerID: String, kind: Kind, step: JournalStep, service: String? = nil, grant: String? = nil) {
        self.grant = grant
        self.partnerID = partnerID
        self.kind = kind
        self.step = step
        self.service = service
    }

    /// The lifecycle events of one apply's steps, in plan order: per partner at most one onboarded, suspended,
    /// resumed or offboarded, and one event per certificate or scope change, per referral route added or removed and per grant given,
    /// ended or withdrawn.
    public static func events(in steps: [JournalStep]) -> [PartnerEvent] {
        var events: [PartnerEvent] = []
        var partnerLevel: Set<String> = []
        for step in steps.sorted(by: { $0.index < $1.index }) {
            guard let partner = step.partnerID else { continue }
            func add(_ kind: Kind) { events.append(PartnerEvent(partnerID: partner, kind: kind, step: step)) }
            for reason in step.reasons {
                let kind: Kind? =
                    switch reason {
                    case .newPartner: .onboarded
                    case .adopted: .adopted
                    case .suspended: .suspended
                    case .resumed: .resumed
                    case .offboarded: .offboarded
                    default: nil
                    }
                if let kind, partnerLevel.insert("\(partner) \(kind.rawValue)").inserted { add(kind) }
            }
            switch (step.address.kind, step.action) {
            case (.certificate, .create): add(.certificateIssued)
            case (.certificate, .replace):
                add(
                    step.reasons.contains { if case .renewalDue = $0 { true } else { false } }
                        ? .certificateRenewed : .certificateIssued)
            case (.certificate, .delete): add(.certificateRevoked)
            case (.certificate, .update):
                if step.reasons.contains(.suspended) { add(.certificateHeld) }
                if step.reasons.contains(.resumed) { add(.certificateReleased) }
                if step.reasons.contains(.offboarded) { add(.certificateRevoked) }
            case (.client, .update) where step.fields.contains(where: ClientMetadata.isScopeField): add(.scopesChanged)
            case (.grant, .create):
                events.append(PartnerEvent(partnerID: partner, kind: .grantGiven, step: step, grant: step.address.name))
            case (.grant, .update):
                let kind: Kind? = step.reasons.contains { if case .grantEnded = $0 { true } else { false } }
                    ? .grantEnded
                    : step.reasons.contains { reason in
                        if case .grantWithdrawn = reason { return true }
                        return reason == .offboarded
                    } ? .grantWithdrawn : nil
                if let kind {
                    events.append(PartnerEvent(partnerID: partner, kind: kind, step: step, grant: step.address.name))
                }
            case (.affiliation, _):
                for service in step.routesAdded ?? [] {
                    events.append(PartnerEvent(partnerID: partner, kind: .routeAdded, step: step, service: service))
                }
                for service in step.routesRemoved ?? [] {
                    events.append(PartnerEvent(partnerID: partner, kind: .routeRemoved, step: step, service: service))
                }
            default: break
            }
        }
        return events
    }
}
