import OnboardCore

/// Grants a registered client its scopes by a server's own administration API, for authorization servers that accept
/// RFC 7591 registration but do not honour the registered `scope` (glewlwyd keeps a per-client scope list that only
/// its administrators set). Without it, such a server issues tokens with no scope at all.
public protocol ScopeAdministration: Sendable {
    /// Makes `scopes` exactly the client's scope list (an empty list takes every scope away).
    func grant(_ scopes: [String], to clientID: String) async throws

    /// The client's scope list as the server holds it, nil when the client is unknown.
    func scopes(of clientID: String) async throws -> [String]?
}
