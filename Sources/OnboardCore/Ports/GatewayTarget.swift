/// The partner gateway (nginx): its current configuration and how to replace it.
public protocol GatewayTarget: Sendable {
    /// The files in force, nil when none were written (a missing script reads as empty).
    func currentFiles() async throws -> GatewayFiles?

    /// Installs both files; a live gateway checks them and puts the previous ones back when the check or reload fails.
    func apply(_ files: GatewayFiles) async throws

    /// Makes the gateway read its trust files again (a new CRL takes effect only on reload).
    func reload() async throws
}

extension GatewayTarget {
    public func reload() async throws {}
}
