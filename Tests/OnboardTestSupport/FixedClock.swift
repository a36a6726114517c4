import Foundation
import OnboardCore

/// A clock stopped at one instant, for tests and benchmarks that must not depend on when they run.
public struct FixedClock: Clock {
    public let instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    public func now() -> Date { instant }
}
