/// A platform that holds documents onboard writes (the FHIR directory, the OAuth registration server). Embedded
/// adapters write files; live adapters speak REST.
public protocol DocumentTarget: Sendable {
    /// What the platform holds now for a resource onboard applied, nil when it is gone.
    func read(_ address: ResourceAddress, platformID: String) throws -> JSONValue?

    /// Creates (`platformID` nil) or replaces a document; returns the platform id. Creating must adopt an existing
    /// resource onboard owns at the same address, so an interrupted apply never leaves duplicates.
    func put(_ address: ResourceAddress, _ document: JSONValue, platformID: String?) throws -> String

    func delete(_ address: ResourceAddress, platformID: String) throws

    /// Called once after an apply (e.g. to write the transaction Bundle of the embedded directory).
    func finish() throws
}

extension DocumentTarget {
    public func finish() throws {}
}

/// The platform's FHIR directory (Organization, Endpoint, OrganizationAffiliation, CapabilityStatement).
public protocol DirectoryTarget: DocumentTarget {}

/// The OAuth 2.0 authorization server's client registry (RFC 7591/7592).
public protocol ClientRegistry: DocumentTarget {}
