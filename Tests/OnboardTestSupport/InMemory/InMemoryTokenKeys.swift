import OnboardCore

/// The authorization server's signing keys in memory, for engine unit tests: a test rotates them at will.
public actor InMemoryTokenKeys: TokenKeySource {
    public private(set) var keys: [GatewaySigningKey]
    public private(set) var reads = 0

    public init(_ keys: [GatewaySigningKey]) {
        self.keys = keys
    }

    public func rotate(to keys: [GatewaySigningKey]) {
        self.keys = keys
    }

    public func signingKeys() -> [GatewaySigningKey] {
        reads += 1
        return keys
    }
}
