import Foundation

/// Why a change is planned; shown with every change so a reviewer can tell a routine renewal from a hand edit. Data
/// only: the CLI words it for people (human, markdown) and tools (the JSON plan's `code` and `message`).
public enum ChangeReason: Sendable, Hashable, Codable {
    case newPartner
    case newResource
    case changedFields
    /// The platform differs from what onboard applied (someone edited or removed it there).
    case drift(Drift)
    case renewalDue(daysLeft: Int)
    case offboarded
    case suspended
    case resumed
    case removedFromFiles
    case crlExpiring(daysLeft: Int)
    /// The partner file adopts this existing platform object (`spec.adopt`).
    case adopted(platformID: String)
    /// An access grant's window has passed: its Consent goes inactive, its scope leaves the client, its gateway
    /// entry goes.
    case grantEnded(grant: String)
    /// An access grant was taken out of its partner's file before (or after) its window ended.
    case grantWithdrawn(grant: String)
    /// A CA rotation is under way and this certificate is the retiring CA's: it is re-issued from the new CA; the
    /// old one keeps working until the deadline.
    case caRotation(deadline: Date)

    /// How the platform drifted from what onboard applied.
    public enum Drift: Sendable, Hashable, Codable {
        case missing
        case changed
        /// State records a certificate the CA has no record of.
        case notInInventory(serial: String)
        /// The certificate was revoked by `onboard ca revoke` or by hand, not by a plan.
        case revokedOutside(serial: String)
        /// The authorization server holds a client of this deployment that state does not know (an apply died between
        /// the registration's answer and recording it).
        case orphanClient(clientID: String)
        /// No CRL has been published, so the gateway cannot check revocations.
        case noCRL
    }

    /// The stable code used in the JSON plan.
    public var code: String {
        switch self {
        case .newPartner: "new-partner"
        case .newResource: "new-resource"
        case .changedFields: "changed-fields"
        case .drift: "drift"
        case .renewalDue: "renewal-due"
        case .offboarded: "offboarded"
        case .suspended: "suspended"
        case .resumed: "resumed"
        case .removedFromFiles: "removed-from-files"
        case .crlExpiring: "crl-expiring"
        case .adopted: "adopted"
        case .grantEnded: "grant-ended"
        case .grantWithdrawn: "grant-withdrawn"
        case .caRotation: "ca-rotation"
        }
    }
}
