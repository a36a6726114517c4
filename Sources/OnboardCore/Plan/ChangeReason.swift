/// Why a change is planned; shown with every change so a reviewer can tell a routine renewal from a hand edit.
public enum ChangeReason: Sendable, Hashable, Codable, CustomStringConvertible {
    case newPartner
    case newResource
    case changedFields
    /// The platform differs from what onboard applied (someone edited or removed it there).
    case drift(String)
    case renewalDue(daysLeft: Int)
    case offboarded
    case suspended
    case resumed
    case removedFromFiles
    case crlExpiring(daysLeft: Int)

    public var description: String {
        switch self {
        case .newPartner: "new partner"
        case .newResource: "new resource"
        case .changedFields: "changed fields"
        case .drift(let detail): "drift: \(detail)"
        case .renewalDue(let days): days < 0 ? "renewal due: expired \(-days) days ago" : "renewal due: \(days) days left"
        case .offboarded: "offboarded"
        case .suspended: "suspended"
        case .resumed: "suspension lifted"
        case .removedFromFiles: "removed from files"
        case .crlExpiring(let days): "CRL next update in \(days) days"
        }
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
        }
    }
}
