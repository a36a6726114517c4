/// The adapters an apply drives, one per platform part, and the clock every decision reads.
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
    /// Requests a refresh may have in flight at once on each live target (`maxConcurrency` of its connection).
    public let concurrency: Int
    /// Client registrations and updates an apply keeps in flight at once (`maxConcurrency` of the client target: an
    /// authorization server on a single-writer database may refuse concurrent writes).
    public let clientConcurrency: Int
    /// The authorization server's signing keys for the gateway's token check; nil when there is no live server to
    /// read them from (the embedded platform), and the gateway then refuses every token.
    public let tokenKeys: (any TokenKeySource)?
    /// Reads partners' published key sets (`jwksUri`) at plan; nil when the OAuth clients are embedded (nothing
    /// fetches those URLs then).
    public let partnerKeySets: (any PartnerKeySetReader)?

    public init(
        state: any StateStore, ca: any CertificateAuthority, directory: any DirectoryTarget,
        clients: any ClientRegistry,
        gateway: any GatewayTarget, output: any ArtifactWriter, clock: any Clock,
        sealer: any SecretSealer = UnavailableSealer(), concurrency: Int = 4, clientConcurrency: Int? = nil,
        tokenKeys: (any TokenKeySource)? = nil, partnerKeySets: (any PartnerKeySetReader)? = nil
    ) {
        self.clientConcurrency = clientConcurrency ?? concurrency
        self.tokenKeys = tokenKeys
        self.partnerKeySets = partnerKeySets
        self.state = state
        self.ca = ca
        self.directory = directory
        self.clients = clients
        self.gateway = gateway
        self.output = output
        self.clock = clock
        self.sealer = sealer
        self.concurrency = concurrency
    }
}
