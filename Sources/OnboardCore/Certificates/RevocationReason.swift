/// RFC 5280 §5.3.1 CRLReason. `certificateHold` is the reversible one used for suspension.
public enum RevocationReason: String, Sendable, Hashable, Codable, CaseIterable {
    case unspecified
    case keyCompromise
    case caCompromise = "cACompromise"
    case affiliationChanged
    case superseded
    case cessationOfOperation
    case certificateHold
    case privilegeWithdrawn
    case aaCompromise = "aACompromise"

    /// The ENUMERATED value written in the CRL entry's reasonCode extension.
    public var code: Int {
        switch self {
        case .unspecified: 0
        case .keyCompromise: 1
        case .caCompromise: 2
        case .affiliationChanged: 3
        case .superseded: 4
        case .cessationOfOperation: 5
        case .certificateHold: 6
        case .privilegeWithdrawn: 9
        case .aaCompromise: 10
        }
    }
}
