/// Reads the platform's current documents for everything state says onboard applied, through the ports, so the
/// planner can tell drift from intended change. The directory and the client registry are read at the same time, each
/// in as few requests as it can (one paged search per type on a live FHIR server) and at most `concurrency` requests
/// in flight; certificates come from the CA inventory instead. Where the authorization server lists its clients, the
/// listing also finds the clients of this deployment that state does not know. The objects partner files adopt that
/// state does not record yet are read one by one, by their ids, with whatever marks they carry.
public struct PlatformRefresher: Sendable {
    public let directory: any DirectoryTarget
    public let clients: any ClientRegistry
    public let gateway: any GatewayTarget
    public let sealer: any SecretSealer
    public let concurrency: Int
    /// The deployment whose `software_id` marks the clients onboard registered.
    public let deployment: String

    public init(
        deployment: String, directory: any DirectoryTarget, clients: any ClientRegistry, gateway: any GatewayTarget,
        sealer: any SecretSealer = UnavailableSealer(), concurrency: Int = 4
    ) {
        self.directory = directory
        self.clients = clients
        self.gateway = gateway
        self.sealer = sealer
        self.concurrency = concurrency
        self.deployment = deployment
    }

    public func refresh(_ state: StateSnapshot, adopting: [AdoptionTarget] = []) async throws -> ActualState {
        var clientRequests: [ReadRequest] = []
        var directoryRequests: [ReadRequest] = []
        for record in state.resources.values where ![.certificate, .crl, .gateway].contains(record.address.kind) {
            let request = ReadRequest(address: record.address, handle: try await record.handle(sealer), recorded: record.document)
            if record.address.kind == .client { clientRequests.append(request) } else { directoryRequests.append(request) }
        }
        async let directoryReadout = directory.readAll(directoryRequests, concurrency: concurrency)
        async let clientReadout = clients.readAll(clientRequests, concurrency: concurrency)
        let pending = adopting.filter { state.resources[$0.address] == nil }
        async let adoptedReadout = pending.concurrentMap(limit: concurrency) { target in
            // Read as it is, not projected onto what onboard would write: its marks decide whether it may be adopted.
            let request = ReadRequest(address: target.address, handle: target.handle, recorded: [:])
            return (target.address, try await (target.address.kind == .client ? clients : directory).read(request))
        }
        let (fromDirectory, fromClients, fromAdoptions) = try await (directoryReadout, clientReadout, adoptedReadout)
        var adopted: [ResourceAddress: PlatformDocument] = [:]
        for case let (address, document?) in fromAdoptions { adopted[address] = document }
        let found = fromDirectory.documents.merging(fromClients.documents) { first, _ in first }
        var documents: [ResourceAddress: JSONValue] = [:]
        var versions: [ResourceAddress: String] = [:]
        var missing: Set<ResourceAddress> = []
        for request in directoryRequests + clientRequests {
            guard let current = found[request.address] else {
                missing.insert(request.address)
                continue
            }
            documents[request.address] = current.document
            versions[request.address] = current.version
        }
        if let recorded = state.resources[.gateway] {
            if let files = try await gateway.currentFiles() {
                // The keys are not read back from nginx: they are compared where they come from (the key source).
                documents[.gateway] = [
                    "config": .string(files.configuration), "script": .string(files.script),
                    "signingKeys": recorded.document["signingKeys"] ?? [],
                ]
            } else {
                missing.insert(.gateway)
            }
        }
        // A client being adopted may carry this deployment's marker already (an interrupted import): not an orphan.
        let known = Set(state.clientIDs.values).union(adopting.filter { $0.address.kind == .client }.map(\.platformID))
        return ActualState(
            documents: documents, versions: versions, missing: missing,
            orphans: OrphanClient.find(in: fromClients.listed ?? [], deployment: deployment, known: known),
            requests: fromDirectory.requests + fromClients.requests + pending.count, adopted: adopted
        )
    }
}
