/// Reads the platform's current documents for everything state says onboard applied, through the ports, so the
/// planner can tell drift from intended change. The directory and the client registry are read at the same time, each
/// in as few requests as it can (one paged search per type on a live FHIR server) and at most `concurrency` requests
/// in flight; certificates come from the CA inventory instead. Where the authorization server lists its clients, the
/// listing also finds the clients of this deployment that state does not know.
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

    public func refresh(_ state: StateSnapshot) async throws -> ActualState {
        var clientRequests: [ReadRequest] = []
        var directoryRequests: [ReadRequest] = []
        for record in state.resources.values where ![.certificate, .crl, .gateway].contains(record.address.kind) {
            let request = ReadRequest(address: record.address, handle: try await record.handle(sealer), recorded: record.document)
            if record.address.kind == .client { clientRequests.append(request) } else { directoryRequests.append(request) }
        }
        async let directoryReadout = directory.readAll(directoryRequests, concurrency: concurrency)
        async let clientReadout = clients.readAll(clientRequests, concurrency: concurrency)
        let (fromDirectory, fromClients) = try await (directoryReadout, clientReadout)
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
        let known = Set(state.clientIDs.values)
        return ActualState(
            documents: documents, versions: versions, missing: missing,
            orphans: OrphanClient.find(in: fromClients.listed ?? [], deployment: deployment, known: known),
            requests: fromDirectory.requests + fromClients.requests
        )
    }
}
