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

    /// Everything state records, and the objects partner files adopt (see `adopted`).
    /// The refresher of a deployment's ports.
    public init(ports: PlatformPorts, deployment: String) {
        self.init(
            deployment: deployment, directory: ports.directory, clients: ports.clients, gateway: ports.gateway,
            sealer: ports.sealer, concurrency: ports.concurrency
        )
    }

    public func refresh(_ state: StateSnapshot, adopting: [AdoptionTarget]) async throws -> ActualState {
        async let recorded = refresh(state)
        async let adopted = self.adopted(state, adopting)
        return try await recorded.adding(adopted: adopted.documents, requests: adopted.requests)
    }

    /// The objects partner files adopt that state does not record yet, read one by one by their ids, as they are —
    /// not projected onto what onboard would write: their marks decide whether they may be adopted.
    public func adopted(
        _ state: StateSnapshot, _ adopting: [AdoptionTarget]
    ) async throws
        -> (documents: [ResourceAddress: PlatformDocument], requests: Int)
    {
        let pending = adopting.filter { state.resources[$0.address] == nil }
        let found = try await pending.concurrentMap(limit: concurrency) { target in
            let request = ReadRequest(address: target.address, handle: target.handle, recorded: [:])
            let platform: any DocumentTarget = target.address.kind == .client ? ClientDocuments(clients) : directory
            return (request.address, try await platform.read(request))
        }
        var documents: [ResourceAddress: PlatformDocument] = [:]
        for case let (address, document?) in found { documents[address] = document }
        return (documents, pending.count)
    }

    /// Everything state records: needs nothing from the partner files, so it can start before they are loaded.
    public func refresh(_ state: StateSnapshot) async throws -> ActualState {
        var clientRequests: [ReadRequest] = []
        var directoryRequests: [ReadRequest] = []
        for record in state.resources.values where ![.certificate, .crl, .gateway].contains(record.address.kind) {
            let request = ReadRequest(
                address: record.address, handle: try await record.handle(sealer), recorded: record.document)
            if record.address.kind == .client {
                clientRequests.append(request)
            } else {
                directoryRequests.append(request)
            }
        }
        async let directoryReadout = directory.readAll(directoryRequests, concurrency: concurrency)
        async let clientReadout = ClientDocuments(clients).readAll(clientRequests, concurrency: concurrency)
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
                // The keys are not read back from nginx: they are compared where they come from (the key source),
                // and so are the issuers trusted during a CA rotation (the CAs); the discovery document is compared
                // as part of the configuration it is served from.
                var document: [String: JSONValue] = [
                    "config": .string(files.configuration), "script": .string(files.script),
                    "signingKeys": recorded.document["signingKeys"] ?? [],
                ]
                document["smartConfiguration"] = recorded.document["smartConfiguration"]
                document["trustedIssuers"] = recorded.document["trustedIssuers"]
                documents[.gateway] = .object(document)
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
