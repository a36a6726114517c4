import OnboardCore

/// The partner gateway in memory, for engine unit tests: the configuration in force, and how often it was reloaded.
public actor InMemoryGateway: GatewayTarget {
    public private(set) var configuration: String?
    public private(set) var reloads = 0

    public init() {}

    public func currentConfiguration() -> String? { configuration }

    public func apply(configuration: String) {
        self.configuration = configuration
    }

    public func reload() {
        reloads += 1
    }
}
