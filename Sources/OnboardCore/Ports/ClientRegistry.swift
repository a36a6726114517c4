/// The OAuth 2.0 authorization server's client registry (RFC 7591/7592, or a server's own administration API),
/// spoken in typed `ClientMetadata`: the protocol's documents are built and read by the adapters alone. Its `readAll`
/// reads through the server profile's listing where there is one — every client in a few requests, and the readout's
/// `listed` then names the clients state does not know; plain RFC 7591/7592 has no listing, and such orphans cannot
/// be found.
public protocol ClientRegistry: Sendable {
    /// The client as the server holds it now, nil when it is gone. With `recorded`, what the server does not report is
    /// taken as registered and the same scopes in another order count as unchanged; without (a client partner files
    /// adopt), the client as it is.
    func read(_ request: ClientReadRequest) async throws -> ClientMetadata?

    /// Every client asked for, at most `concurrency` requests in flight (or one listing, where the server lists).
    func readAll(_ requests: [ClientReadRequest], concurrency: Int) async throws -> ClientReadout

    /// Registers a new client and hands `registered` its handle and the client as the server holds it so far, the
    /// moment the registration answers — before anything else (granting scopes) — so an apply that dies after the
    /// registration finds the client recorded instead of leaving an orphan.
    func register(
        _ address: ResourceAddress, _ metadata: ClientMetadata,
        registered: @Sendable (PlatformHandle, ClientMetadata) async throws -> Void
    ) async throws -> PlatformHandle

    /// Makes an existing client match `metadata`; the handle to record next (a server may rotate the management
    /// token).
    func update(
        _ address: ResourceAddress, _ metadata: ClientMetadata, handle: PlatformHandle
    ) async throws
        -> PlatformHandle

    func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws

    /// What the partner's kit tells it about its client (`client.json`), in the words of the server's protocol (RFC
    /// 7591 §3.2.1's client information), so the partner configures its OAuth library from the standard's names.
    func information(_ metadata: ClientMetadata, clientID: String) -> [String: JSONValue]
}

extension ClientRegistry {
    /// Registries without a listing read each client.
    public func readAll(_ requests: [ClientReadRequest], concurrency: Int) async throws -> ClientReadout {
        try await readEach(requests, concurrency: concurrency)
    }

    /// One `read` per client, `concurrency` at a time.
    public func readEach(_ requests: [ClientReadRequest], concurrency: Int) async throws -> ClientReadout {
        let found = try await requests.concurrentMap(limit: concurrency) { request in
            (request.address, try await read(request))
        }
        var readout = ClientReadout(requests: requests.count)
        for case let (address, metadata?) in found { readout.clients[address] = metadata }
        return readout
    }
}

/// One client a refresh asks the registry for: where onboard registered it and what it registered.
public struct ClientReadRequest: Sendable {
    public let address: ResourceAddress
    public let handle: PlatformHandle
    /// What onboard registered; nil for a client a partner file adopts, read as it is.
    public let recorded: ClientMetadata?

    public init(address: ResourceAddress, handle: PlatformHandle, recorded: ClientMetadata?) {
        self.address = address
        self.handle = handle
        self.recorded = recorded
    }
}

/// What a refresh read from the registry: the clients found (an address missing is gone), the requests it took, and
/// every client the server holds where it lists them.
public struct ClientReadout: Sendable {
    public var clients: [ResourceAddress: ClientMetadata]
    public var requests: Int
    public var listed: [ListedClient]?

    public init(clients: [ResourceAddress: ClientMetadata] = [:], requests: Int = 0, listed: [ListedClient]? = nil) {
        self.clients = clients
        self.requests = requests
        self.listed = listed
    }
}
