import Foundation

/// When and why a certificate was put on the CRL.
public struct Revocation: Sendable, Hashable, Codable {
    public let reason: RevocationReason
    public let date: Date

    public init(reason: RevocationReason, date: Date) {
        self.reason = reason
        self.date = date
    }
}
