/// Why no plan (or no apply) can be made: the message says what to do.
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case removalRefused
        case stalePlan
        case invalidInputs
        case unsupportedPlan
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
