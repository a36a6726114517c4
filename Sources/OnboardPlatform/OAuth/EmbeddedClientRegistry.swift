import Foundation
import OnboardCore

/// The embedded OAuth client registry: one RFC 7591 client information response per partner under
/// `out/platform/clients/<partner>.json` — the registered metadata plus `client_id` and `client_id_issued_at`. No
/// secret is ever issued (clients use private_key_jwt or tls_client_auth).
public struct EmbeddedClientRegistry: ClientRegistry {
    public let root: URL
    public let output: OutputDirectory
    public let random: any RandomSource
    public let clock: any Clock

    public init(root: URL, random: any RandomSource, clock: any Clock) {
        self.root = root
        self.output = OutputDirectory(root: root)
        self.random = random
        self.clock = clock
    }

    func file(_ address: ResourceAddress) -> String { "\(address.partnerID!).json" }

    func stored(_ address: ResourceAddress) throws -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file(address)).path) else {
            return nil
        }
        return try JSONValue.parse(String(decoding: data, as: UTF8.self))
    }

    public func read(_ request: ClientReadRequest) async throws -> ClientMetadata? {
        guard let document = try stored(request.address),
            document[RFC7591Metadata.clientID]?.stringValue == request.handle.platformID
        else { return nil }
        return RFC7591Metadata.metadata(document, recorded: request.recorded)
    }

    public func register(
        _ address: ResourceAddress, _ metadata: ClientMetadata,
        registered: @Sendable (PlatformHandle, ClientMetadata) async throws -> Void
    ) async throws -> PlatformHandle {
        let handle = try await write(address, metadata, clientID: nil)
        try await registered(handle, metadata)
        return handle
    }

    public func update(
        _ address: ResourceAddress, _ metadata: ClientMetadata, handle: PlatformHandle
    ) async throws
        -> PlatformHandle
    {
        try await write(address, metadata, clientID: handle.platformID)
    }

    private func write(
        _ address: ResourceAddress, _ metadata: ClientMetadata, clientID: String?
    ) async throws
        -> PlatformHandle
    {
        var document = RFC7591Metadata.document(metadata)
        let stored = try stored(address)
        // Adopt the client an interrupted apply registered, rather than registering a second one.
        let clientID =
            clientID ?? stored?[RFC7591Metadata.clientID]?.stringValue
            ?? "onboard-" + random.bytes(12).map { String(format: "%02x", $0) }.joined()
        document[RFC7591Metadata.clientID] = .string(clientID)
        document[RFC7591Metadata.issuedAt] =
            stored?[RFC7591Metadata.issuedAt] ?? .number(clock.now().timeIntervalSince1970.rounded(.down))
        try await output.write(file(address), text: JSONValue.object(document).prettyText)
        return PlatformHandle(platformID: clientID)
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(file(address)))
    }

    public func information(_ metadata: ClientMetadata, clientID: String) -> [String: JSONValue] {
        RFC7591Metadata.information(metadata, clientID: clientID)
    }
}
