/// Why a scope string is not a SMART resource scope; the description is the user-facing message.
public struct ScopeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
