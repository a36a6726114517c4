import Foundation

/// One reason `onboard check` fails, as facts: the CLI words it (`CheckReport`), monitoring matches on its code.
public enum CheckProblem: Sendable, Hashable {
    /// A planned change: drift, a pending edit of the files, a certificate due for renewal, a CRL about to lapse.
    case planned(PlannedChange)
    /// The last apply did not finish: `recorded` of its `steps` changes are recorded.
    case unfinishedApply(JournalEntry, recorded: Int, steps: Int)
    /// An apply whose audit records are not on the FHIR server yet.
    case auditPending(applyID: Int)
    /// An access grant ends within a day (the specialist may need it renewed by a new grant).
    case grantEnding(partnerID: String, grant: String, until: Date)
    /// A grant whose window has passed is still in its partner file (`onboard grant end` takes it out).
    case grantEndedInFile(partnerID: String, grant: String, until: Date)

    public enum Code: String, Sendable, Hashable {
        /// The platform differs from what onboard applied (edited or removed there).
        case drift
        /// The files ask for a change not applied yet.
        case pendingChange = "pending-change"
        /// A certificate is inside its renewal window.
        case renewalDue = "renewal-due"
        /// The CRL's nextUpdate is less than two days away (a lapsed CRL makes the gateway refuse every partner).
        case crlExpiring = "crl-expiring"
        /// The last apply did not finish (interrupted, failed, or still running).
        case unfinishedApply = "unfinished-apply"
        /// An apply's audit records are not on the FHIR server yet.
        case auditPending = "audit-pending"
        case grantEnding = "grant-ending"
        case grantEndedInFile = "grant-ended-in-file"
    }

    /// The stable code monitoring rules match on: for a planned change, from its first reason.
    public var code: Code {
        switch self {
        case .planned(let change):
            switch change.reasons.first ?? .changedFields {
            case .drift: .drift
            case .renewalDue: .renewalDue
            case .crlExpiring: .crlExpiring
            default: .pendingChange
            }
        case .unfinishedApply: .unfinishedApply
        case .auditPending: .auditPending
        case .grantEnding: .grantEnding
        case .grantEndedInFile: .grantEndedInFile
        }
    }

    /// What it is about: the resource address or `apply #N`.
    public var subject: String {
        switch self {
        case .planned(let change): change.address.description
        case .unfinishedApply(let entry, _, _): "apply #\(entry.id)"
        case .auditPending(let id): "apply #\(id)"
        case .grantEnding(let partner, let grant, _), .grantEndedInFile(let partner, let grant, _):
            "partner/\(partner)/grant/\(grant)"
        }
    }
}
