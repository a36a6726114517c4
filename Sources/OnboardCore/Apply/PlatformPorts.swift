/// The adapters an apply drives, one per platform part.
public struct PlatformPorts: Sendable {
    public let state: any StateStore
    public let ca: any CertificateAuthority
    public let directory: any DirectoryTarget
    public let clients: any ClientRegistry
    public let gateway: any GatewayTarget
    public let output: any ArtifactWriter
    public let clock: any Clock
    /// Seals what a platform hands back that must be kept (registration access tokens) before it reaches state.
    public let sealer: any SecretSealer

    public init(
        state: any StateStore, ca: any CertificateAuthority, directory: any DirectoryTarget, clients: any ClientRegistry,
        gateway: any GatewayTarget, output: any ArtifactWriter, clock: any Clock, sealer: any SecretSealer = UnavailableSealer()
    ) {
        self.sealer = sealer
        self.state = state
        self.ca = ca
        self.directory = directory
        self.clients = clients
        self.gateway = gateway
        self.output = output
        self.clock = clock
    }
}
