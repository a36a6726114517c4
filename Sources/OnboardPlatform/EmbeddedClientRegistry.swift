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
    /// Fields the registry adds to what was registered; left out when comparing with what onboard wrote.
    static let serverFields = ["client_id", "client_id_issued_at"]

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

    public func read(_ request: ReadRequest) async throws -> PlatformDocument? {
        guard case .object(var document)? = try stored(request.address),
            document["client_id"]?.stringValue == request.handle.platformID
        else { return nil }
        for field in Self.serverFields { document[field] = nil }
        return PlatformDocument(document: .object(document))
    }

    public func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        async throws -> PlatformHandle
    {
        guard case .object(var object) = document else {
            throw OnboardError(.artifact, "cannot write \(file(address)): not an object")
        }
        let stored = try stored(address)
        // Adopt the client an interrupted apply registered, rather than registering a second one.
        let clientID =
            existing?.platformID ?? stored?["client_id"]?.stringValue
            ?? "onboard-" + random.bytes(12).map { String(format: "%02x", $0) }.joined()
        object["client_id"] = .string(clientID)
        object["client_id_issued_at"] =
            stored?["client_id_issued_at"]
            ?? .number(clock.now().timeIntervalSince1970.rounded(.down))
        try await output.write(file(address), text: JSONValue.object(object).prettyText)
        return PlatformHandle(platformID: clientID)
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(file(address)))
    }
}
