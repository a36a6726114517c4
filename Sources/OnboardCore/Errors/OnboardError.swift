import OnboardSpec

/// The one error type of the engine and its adapters, in the style of swift-certificates: a stable `code` that callers,
/// tests and the `--json` output rely on, a message written for the admin (it names the file, server, variable or
/// resource involved and what to do next, and never contains a secret), and the error underneath, when there is one.
public struct OnboardError: Error, Sendable, CustomStringConvertible {
    public let code: Code
    public let message: String
    /// What the adapter caught (a system or library error), kept for logs and debugging; never shown in place of
    /// `message`.
    public let underlying: (any Error)?
    /// The places in the user's files at fault, when the error is about what a file says (an object it adopts that the
    /// platform refuses): reported like validation's diagnostics, at file:line:column.
    public let diagnostics: [Diagnostic]

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.diagnostics = diagnostics
    }

    public var description: String { message }
}

extension OnboardError {
    /// A stable, kebab-case identifier of what went wrong. A struct of static lets, not an enum, so adapters added
    /// later can name their own codes without breaking callers that switch over the known ones.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }
    }
}
