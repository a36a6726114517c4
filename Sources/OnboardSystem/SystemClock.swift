import Foundation
import OnboardCore

/// The real clock, used by the CLI.
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Date { Date() }
}
