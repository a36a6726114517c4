/// A platform that holds documents onboard writes (the FHIR directory, the OAuth registration server). Embedded
/// adapters write files; live adapters speak REST.
public protocol DocumentTarget: Sendable {
    /// What the platform holds now for a resource onboard applied, nil when it is gone.
    func read(_ request: ReadRequest) throws -> PlatformDocument?

    /// Everything a refresh needs, in as few requests as the platform allows (a live FHIR server answers one paged
    /// search per type); an address missing from the answer is gone from the platform.
    func readAll(_ requests: [ReadRequest]) throws -> [ResourceAddress: PlatformDocument]

    /// Creates (`existing` nil) or replaces a document. Creating must adopt a resource onboard owns at the same
    /// address, so an interrupted apply never leaves duplicates; replacing sends `baseVersion` so a change made by
    /// someone else since it was read is reported (`PlatformError.conflict`), never overwritten.
    func put(_ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?) throws
        -> PlatformHandle

    func delete(_ address: ResourceAddress, handle: PlatformHandle) throws

    /// Called once after an apply (e.g. to write the transaction Bundle of the embedded directory).
    func finish() throws
}

extension DocumentTarget {
    public func finish() throws {}

    public func readAll(_ requests: [ReadRequest]) throws -> [ResourceAddress: PlatformDocument] {
        var documents: [ResourceAddress: PlatformDocument] = [:]
        for result in requests.parallelMap({ request in Result { (request.address, try read(request)) } }) {
            let (address, document) = try result.get()
            if let document { documents[address] = document }
        }
        return documents
    }
}

/// The platform's FHIR directory (Organization, Endpoint, OrganizationAffiliation, CapabilityStatement).
public protocol DirectoryTarget: DocumentTarget {}

/// The OAuth 2.0 authorization server's client registry (RFC 7591/7592).
public protocol ClientRegistry: DocumentTarget {}
