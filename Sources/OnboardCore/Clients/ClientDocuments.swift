/// The client registry as the engine's other targets look: documents in, documents out, so plan and apply treat
/// clients like every other resource (diff, record, replace) while the port itself stays typed.
struct ClientDocuments: DocumentTarget {
    let registry: any ClientRegistry

    init(_ registry: any ClientRegistry) { self.registry = registry }

    func read(_ request: ReadRequest) async throws -> PlatformDocument? {
        try await registry.read(Self.request(request)).map { PlatformDocument(document: $0.document) }
    }

    func readAll(_ requests: [ReadRequest], concurrency: Int) async throws -> PlatformReadout {
        let readout = try await registry.readAll(requests.map(Self.request), concurrency: concurrency)
        return PlatformReadout(
            documents: readout.clients.mapValues { PlatformDocument(document: $0.document) },
            requests: readout.requests, listed: readout.listed
        )
    }

    func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    ) async throws -> PlatformHandle {
        let metadata = try Self.metadata(document, address)
        guard let existing else { return try await registry.register(address, metadata) { _, _ in } }
        return try await registry.update(address, metadata, handle: existing)
    }

    func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        try await registry.delete(address, handle: handle)
    }

    /// Registers and records at once, the way `ClientRegistry.register` hands the client over.
    func register(
        _ address: ResourceAddress, _ document: JSONValue,
        registered: @Sendable @escaping (PlatformHandle, JSONValue) async throws -> Void
    ) async throws -> PlatformHandle {
        try await registry.register(address, try Self.metadata(document, address)) { handle, sofar in
            try await registered(handle, sofar.document)
        }
    }

    static func request(_ request: ReadRequest) -> ClientReadRequest {
        ClientReadRequest(
            address: request.address, handle: request.handle, recorded: try? ClientMetadata(document: request.recorded))
    }

    static func metadata(_ document: JSONValue, _ address: ResourceAddress) throws -> ClientMetadata {
        do {
            return try ClientMetadata(document: document)
        } catch {
            throw OnboardError(.artifact, "\(address): not a client document (\(error))")
        }
    }
}
