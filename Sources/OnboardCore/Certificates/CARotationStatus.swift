import Foundation

/// What a CA rotation under way means for a plan: which certificates are the retiring CA's (each is re-issued from
/// the new CA), until when the gateway trusts both chains, and which issuing CAs it trusts now.
public struct CARotationStatus: Sendable, Hashable {
    /// Serials of the retiring CA's certificates.
    public let retiringSerials: Set<String>
    public let deadline: Date
    /// The fingerprints of the issuing CAs the gateway trusts now: both until the deadline, then the new one only.
    public let trustedIssuers: [String]

    public init(retiringSerials: Set<String>, deadline: Date, trustedIssuers: [String]) {
        self.retiringSerials = retiringSerials
        self.deadline = deadline
        self.trustedIssuers = trustedIssuers
    }
}
