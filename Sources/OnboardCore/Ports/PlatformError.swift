/// A failure talking to a live platform, with a code the CLI and tests can rely on and a message naming the server,
/// the resource and what to do next.
public struct PlatformError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Someone else changed the resource since onboard read it (HTTP 412); nothing was overwritten.
        case conflict
        /// The server could not be reached, or kept answering 429/503, after every retry.
        case unreachable
        /// The server refused the request (4xx) for a reason onboard cannot fix by retrying.
        case rejected
        /// The resource exists but is not onboard's (no ownership tag); onboard never touches it.
        case notOwned
        /// The server answered something the protocol does not allow.
        case protocolViolation
        /// The live target is configured wrongly (missing variable, unreadable file).
        case configuration
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
