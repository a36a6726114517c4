/// A platform that holds documents onboard writes (the FHIR directory, the OAuth registration server). Embedded
/// adapters write files; live adapters speak REST.
public protocol DocumentTarget: Sendable {
    /// What the platform holds now for a resource onboard applied, nil when it is gone.
    func read(_ request: ReadRequest) async throws -> PlatformDocument?

    /// Everything a refresh needs, in as few requests as the platform allows (a live FHIR server answers one paged
    /// search per type), at most `concurrency` requests in flight; an address missing from the answer is gone from the
    /// platform.
    func readAll(_ requests: [ReadRequest], concurrency: Int) async throws -> PlatformReadout

    /// Creates (`existing` nil) or replaces a document. Creating must adopt a resource onboard owns at the same
    /// address, so an interrupted apply never leaves duplicates; replacing sends `baseVersion` so a change made by
    /// someone else since it was read is reported (`OnboardError.Code.conflict`), never overwritten.
    func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        async throws -> PlatformHandle

    func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws

    /// Called once after an apply (e.g. to write the transaction Bundle of the embedded directory).
    func finish() async throws
}

extension DirectoryTarget {
    public var holdsClinicalRecords: Bool { false }

    /// Directories that hold only what onboard wrote (the embedded files) have nothing to import.
    public func search(_ type: String, ids: [String]?) async throws -> [JSONValue] {
        throw OnboardError(
            .configuration,
            "the embedded FHIR directory holds only what onboard wrote: import reads a live FHIR server (targets.directory)"
        )
    }

    /// One `put` after another, for directories without bulk writes (embedded files, in memory).
    public func putAll(_ writes: [DocumentWrite]) async throws -> [PlatformHandle] {
        var handles: [PlatformHandle] = []
        for write in writes {
            handles.append(
                try await put(write.address, write.document, existing: write.existing, baseVersion: write.baseVersion))
        }
        return handles
    }
}

extension DocumentTarget {
    public func finish() async throws {}

    /// One `read` per request, in `concurrency` × 8 chunks read side by side (a task per request would cost more than
    /// an embedded read); embedded targets count no requests.
    public func readAll(_ requests: [ReadRequest], concurrency: Int) async throws -> PlatformReadout {
        let size = Swift.max(1, requests.count / Swift.max(1, concurrency * 8))
        let chunks = stride(from: 0, to: requests.count, by: size).map {
            Array(requests[$0..<Swift.min($0 + size, requests.count)])
        }
        let found = try await chunks.concurrentMap(limit: concurrency) { chunk in
            var documents: [(ResourceAddress, PlatformDocument)] = []
            for request in chunk {
                if let document = try await read(request) { documents.append((request.address, document)) }
            }
            return documents
        }
        var readout = PlatformReadout()
        readout.documents.reserveCapacity(requests.count)
        for chunk in found {
            for (address, document) in chunk { readout.documents[address] = document }
        }
        return readout
    }
}

/// The platform's FHIR directory (Organization, Endpoint, OrganizationAffiliation, CapabilityStatement).
public protocol DirectoryTarget: DocumentTarget {
    /// Writes many documents as `put` would, in as few requests as the platform allows (a live FHIR server: one
    /// transaction per page of writes, each all or nothing); the handles in the order of `writes`. On any failure
    /// nothing of the failing request was written and the error says what stopped it.
    func putAll(_ writes: [DocumentWrite]) async throws -> [PlatformHandle]

    /// The resources of `type` on the server with these ids (nil: every one), whoever wrote them, for `onboard import
    /// --from-platform`; read only. Ids let import read only what the hospital's affiliations name, not a whole
    /// directory of every Organization the hospital knows.
    func search(_ type: String, ids: [String]?) async throws -> [JSONValue]

    /// Writes audit records (Provenance, AuditEvent) at their ids, replacing any at the same id: they are written
    /// once per apply, and again only when an interruption left it unsure whether they arrived. Never read back,
    /// never changed afterwards.
    func record(_ resources: [JSONValue]) async throws

    /// Whether it is the hospital's clinical server, whose patients and referrals a grant names (a live FHIR server);
    /// the embedded directory holds only what onboard wrote.
    var holdsClinicalRecords: Bool { get }
}
