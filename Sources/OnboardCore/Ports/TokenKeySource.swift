/// The authorization server's current signing keys (its published JWKS), read at plan and apply so that the gateway
/// verifies tokens with exactly the keys the server uses — and a rotation shows in the plan as a gateway change.
public protocol TokenKeySource: Sendable {
    /// The keys the gateway should accept; fails when the server cannot be read or publishes none it can use.
    func signingKeys() async throws -> [GatewaySigningKey]
}
