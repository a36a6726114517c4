import OnboardCore

/// The partner gateway in memory, for engine unit tests: the files in force, and how often it was reloaded.
public actor InMemoryGateway: GatewayTarget {
    public private(set) var files: GatewayFiles?
    public private(set) var reloads = 0

    public init() {}

    public var configuration: String? { files?.configuration }

    public func currentFiles() -> GatewayFiles? { files }

    public func apply(_ files: GatewayFiles) {
        self.files = files
    }

    public func install(crl: String) {
        reloads += 1
    }
}
