/// Reads the platform's current documents for everything state says onboard applied, through the ports, so the
/// planner can tell drift from intended change. Reads run in parallel; certificates come from the CA inventory instead.
public struct PlatformRefresher: Sendable {
    public let directory: any DirectoryTarget
    public let clients: any ClientRegistry
    public let gateway: any GatewayTarget

    public init(directory: any DirectoryTarget, clients: any ClientRegistry, gateway: any GatewayTarget) {
        self.directory = directory
        self.clients = clients
        self.gateway = gateway
    }

    public func refresh(_ state: StateSnapshot) throws -> ActualState {
        let records = state.resources.values.filter { ![.certificate, .crl, .gateway].contains($0.address.kind) }
        let results = records.parallelMap { record -> Result<(ResourceAddress, JSONValue?), Error> in
            Result {
                let target: any DocumentTarget = record.address.kind == .client ? clients : directory
                return (record.address, try target.read(record.address, platformID: record.platformID))
            }
        }
        var documents: [ResourceAddress: JSONValue] = [:]
        var missing: Set<ResourceAddress> = []
        for result in results {
            let (address, document) = try result.get()
            if let document { documents[address] = document } else { missing.insert(address) }
        }
        if state.resources[.gateway] != nil {
            if let configuration = try gateway.currentConfiguration() {
                documents[.gateway] = ["config": .string(configuration)]
            } else {
                missing.insert(.gateway)
            }
        }
        return ActualState(documents: documents, missing: missing)
    }
}
