import Foundation
import OnboardCore
import OnboardSpec

/// A FHIR directory or client registry in memory, for engine unit tests. Versions every document; a replace whose
/// base version is not the current one is refused as a conflict (as a FHIR server answers 412 to a stale `If-Match`).
/// Tests edit or delete documents behind onboard's back (drift), and make a write fail (an interrupted apply).
public actor InMemoryDocumentTarget: DirectoryTarget, ClientRegistry {
    public struct Stored: Sendable {
        public var document: JSONValue
        public var version: Int
    }

    public private(set) var documents: [String: Stored] = [:]
    private var nextClient = 0
    /// Writes (creates and replaces) left before the next one fails; nil never fails.
    private var writesBeforeFailure: Int?
    /// Every write accepted, for tests that count creations.
    public private(set) var writes = 0

    public init() {}

    public func read(_ request: ReadRequest) -> PlatformDocument? {
        documents[request.handle.platformID].map {
            PlatformDocument(document: $0.document, version: String($0.version))
        }
    }

    public func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        throws(OnboardError) -> PlatformHandle
    {
        if let remaining = writesBeforeFailure {
            guard remaining > 0 else {
                writesBeforeFailure = nil
                throw OnboardError(.unreachable, "the in-memory platform went away while writing \(address)")
            }
            writesBeforeFailure = remaining - 1
        }
        let id: String
        if let existing {
            id = existing.platformID
            if let baseVersion, let current = documents[id], String(current.version) != baseVersion {
                throw OnboardError(
                    .conflict,
                    "\(id) was changed on the platform since onboard read it; nothing was overwritten. Run plan to see the change, then apply."
                )
            }
        } else if let type = document["resourceType"]?.stringValue, let resourceID = document["id"]?.stringValue {
            id = "\(type)/\(resourceID)"
        } else {
            nextClient += 1
            id = "client-\(nextClient)"
        }
        let version = (documents[id]?.version ?? 0) + 1
        documents[id] = Stored(document: document, version: version)
        writes += 1
        return PlatformHandle(platformID: id, version: String(version))
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) {
        documents[handle.platformID] = nil
    }

    /// Someone edits a document on the platform: it changes and gets a new version.
    public func editBehindOnboard(_ id: String, _ transform: (JSONValue) -> JSONValue) {
        guard var stored = documents[id] else { return }
        stored.document = transform(stored.document)
        stored.version += 1
        documents[id] = stored
    }

    /// Audit records, at `<Type>/<id>` like the directory's resources.
    public func record(_ resources: [JSONValue]) {
        for resource in resources {
            let id = "\(resource["resourceType"]?.stringValue ?? "")/\(resource["id"]?.stringValue ?? "")"
            documents[id] = Stored(document: resource, version: (documents[id]?.version ?? 0) + 1)
        }
    }

    /// Read one by one.
    public func readAll(_ requests: [ReadRequest], concurrency: Int) -> PlatformReadout {
        var readout = PlatformReadout()
        for request in requests { readout.documents[request.address] = read(request) }
        return readout
    }

    // MARK: - As the client registry: each client kept as its document

    public func read(_ request: ClientReadRequest) -> ClientMetadata? {
        documents[request.handle.platformID].flatMap { try? ClientMetadata(document: $0.document) }
    }

    /// Read one by one, and — like a server profile's listing — every client held (the documents without a FHIR
    /// resource type), with the software id it was registered with.
    public func readAll(_ requests: [ClientReadRequest], concurrency: Int) -> ClientReadout {
        var readout = ClientReadout(requests: requests.count)
        for request in requests { readout.clients[request.address] = read(request) }
        readout.listed = documents.filter { $0.value.document["resourceType"] == nil }.map {
            let metadata = try? ClientMetadata(document: $0.value.document)
            return ListedClient(clientID: $0.key, softwareID: metadata?.softwareID, enabled: true, metadata: metadata)
        }
        return readout
    }

    public func register(
        _ address: ResourceAddress, _ metadata: ClientMetadata,
        registered: @Sendable (PlatformHandle, ClientMetadata) async throws -> Void
    ) async throws -> PlatformHandle {
        let handle = try put(address, metadata.document, existing: nil, baseVersion: nil)
        try await registered(handle, metadata)
        return handle
    }

    public func update(
        _ address: ResourceAddress, _ metadata: ClientMetadata, handle: PlatformHandle
    ) throws
        -> PlatformHandle
    {
        try put(address, metadata.document, existing: handle, baseVersion: nil)
    }

    public nonisolated func information(_ metadata: ClientMetadata, clientID: String) -> [String: JSONValue] {
        ["clientID": .string(clientID), "scopes": .array(metadata.scopeTexts.map(JSONValue.string))]
    }

    /// A client as onboard would register it, for tests that put clients on the platform by hand.
    public static func client(
        _ name: String, softwareID: String? = nil, scopes: [String] = []
    ) -> JSONValue {
        ClientMetadata(
            name: name, softwareID: softwareID, authMethod: .privateKeyJWT, clientCredentials: true,
            scopes: scopes.compactMap { try? SmartScope(parsing: $0) }
        ).document
    }

    /// Someone (or an apply killed before recording it) registers a client on the platform; returns its id.
    public func registerBehindOnboard(_ document: JSONValue) -> String {
        nextClient += 1
        documents["client-\(nextClient)"] = Stored(document: document, version: 1)
        return "client-\(nextClient)"
    }

    /// Someone puts a document on the platform by hand, at `id` (`Type/id`).
    public func putBehindOnboard(_ id: String, _ document: JSONValue) {
        documents[id] = Stored(document: document, version: (documents[id]?.version ?? 0) + 1)
    }

    /// Someone deletes a document on the platform.
    public func deleteBehindOnboard(_ id: String) {
        documents[id] = nil
    }

    /// The write after the next `writes` ones fails, as a server that goes away mid-apply.
    public func failWrite(after writes: Int) {
        writesBeforeFailure = writes
    }
}
