import Foundation

/// The time source of every decision that depends on "now" (certificate validity, renewal, journal entries), injected
/// so plans and certificates are reproducible in tests.
public protocol Clock: Sendable {
    func now() -> Date
}
