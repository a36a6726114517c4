/// One reason `onboard check` fails: a stable code for monitoring rules, what it is about, and a line for people.
public struct CheckProblem: Sendable, Hashable {
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
    }

    public let code: Code
    /// The resource address, the partner, or `apply #N`.
    public let subject: String
    public let message: String

    public init(code: Code, subject: String, message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }
}
