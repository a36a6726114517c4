import Foundation
import OnboardCore

/// One revoked (or held) certificate as the CRL lists it.
struct CRLEntry: Sendable {
    let serial: [UInt8]
    let date: Date
    let reason: RevocationReason
}
