/// The partner gateway (nginx): its current configuration and how to replace it.
public protocol GatewayTarget: Sendable {
    /// The configuration in force, nil when none was written.
    func currentConfiguration() async throws -> String?

    /// Installs a configuration; a live gateway checks it and rolls back when the check or reload fails.
    func apply(configuration: String) async throws

    /// Makes the gateway read its trust files again (a new CRL takes effect only on reload).
    func reload() async throws
}

extension GatewayTarget {
    public func reload() async throws {}
}
