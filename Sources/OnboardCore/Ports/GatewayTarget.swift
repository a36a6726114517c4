/// The partner gateway (nginx): its current configuration and how to replace it.
public protocol GatewayTarget: Sendable {
    /// The configuration and script in force, nil when none were written (a missing script reads as empty; the trust
    /// files are not read back).
    func currentFiles() async throws -> GatewayFiles?

    /// Installs every file; a live gateway checks them and puts the previous ones back when the check or reload fails.
    func apply(_ files: GatewayFiles) async throws

    /// Installs a new CRL and makes the gateway read it (nginx reads its CRL only on reload).
    func install(crl: String) async throws
}

extension GatewayTarget {
    public func install(crl: String) async throws {}
}
