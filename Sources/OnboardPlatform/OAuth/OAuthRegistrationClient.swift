import Foundation
import NIOHTTP1
import OnboardCore
import OnboardSpec

/// The OAuth client registry on a live RFC 7591/7592 authorization server. Registers SMART Backend Services clients
/// (POST to the registration endpoint), then reads, updates and deletes them at their `registration_client_uri` with
/// the `registration_access_token` — which is handed to the applier as a secret to seal, never kept in plaintext.
/// Tolerates what the RFCs let servers vary (200 or 201, extra fields, a rotated token, metadata echoed in other
/// shapes); fails clearly on the rest (no `client_id`, no management token). With a server profile
/// (`ClientAdministration`), `tls_client_auth` clients are kept through the server's administration API instead —
/// the partner's method is never changed to one the registration endpoint accepts.
public struct OAuthRegistrationClient: ClientRegistry {
    public let registrationURL: String
    public let http: RESTClient
    /// Sent with every registration when the server insists on them even for `client_credentials` clients.
    public let redirectURIs: [String]
    public let initialAccessToken: String?
    public let administration: (any ClientAdministration)?

    public init(
        registrationURL: String, http: RESTClient, redirectURIs: [String] = [], initialAccessToken: String? = nil,
        administration: (any ClientAdministration)? = nil
    ) {
        self.registrationURL = registrationURL
        self.http = http
        self.redirectURIs = redirectURIs
        self.initialAccessToken = initialAccessToken
        self.administration = administration
    }

    public func read(_ request: ClientReadRequest) async throws -> ClientMetadata? {
        if request.handle.secret == nil, let administration {
            let metadata = try await administration.metadata(of: request.handle.platformID)
            return metadata.map { RFC7591Metadata.metadata($0, recorded: request.recorded) }
        }
        let management = try RegistrationManagement(request.handle)
        let response = try await http.send(.GET, management.uri, headers: management.headers)
        switch response.status {
        case 200:
            let scopes = try await administration?.scopes(of: request.handle.platformID)
            return RFC7591Metadata.metadata(try parse(response), recorded: request.recorded, scopes: scopes)
        case 401, 403, 404, 410:
            // RFC 7592 §2: an unknown client or a revoked token both answer 401; either way the client is gone for onboard.
            return nil
        default:
            throw unexpected(response, "reading client \(request.handle.platformID)")
        }
    }

    public func update(
        _ address: ResourceAddress, _ metadata: ClientMetadata, handle existing: PlatformHandle
    )
        async throws -> PlatformHandle
    {
        let document = RFC7591Metadata.document(metadata)
        // A client onboard holds no registration access token for (one adopted through the server profile) is kept
        // through the administration API too.
        if let administration = existing.secret == nil ? administration : administered(metadata) {
            try await administration.update(existing.platformID, to: .object(document), redirectURIs: redirectURIs)
            return PlatformHandle(platformID: existing.platformID, secret: existing.secret)
        }
        let management = try RegistrationManagement(existing)
        var body = registration(document)
        body[RFC7591Metadata.clientID] = .string(existing.platformID)
        let response = try await http.send(
            .PUT, management.uri, headers: management.headers.merging(Self.json) { _, new in new },
            body: Data(JSONValue.object(body).canonicalText.utf8)
        )
        guard response.status == 200 else {
            if [401, 403, 404].contains(response.status) {
                throw OnboardError(
                    .rejected,
                    "the OAuth server no longer knows client \(existing.platformID) of \(address) or its registration "
                        + "access token (HTTP \(response.status)); run plan: it shows the client as missing and "
                        + "registers it again"
                )
            }
            throw unexpected(response, "updating client \(existing.platformID)")
        }
        let answer = try parse(response)
        let rotated = answer[RFC7591Metadata.registrationAccessToken]?.stringValue.map {
            RegistrationManagement(
                uri: answer[RFC7591Metadata.registrationClientURI]?.stringValue ?? management.uri, token: $0)
        }
        try await administration?.grant(metadata.scopeTexts, to: existing.platformID)
        return PlatformHandle(platformID: existing.platformID, secret: (rotated ?? management).secret)
    }

    public func register(
        _ address: ResourceAddress, _ metadata: ClientMetadata,
        registered: @Sendable (PlatformHandle, ClientMetadata) async throws -> Void
    ) async throws -> PlatformHandle {
        let document = RFC7591Metadata.document(metadata)
        if let administration = administered(metadata) {
            let handle = PlatformHandle(
                platformID: try await administration.register(.object(document), redirectURIs: redirectURIs))
            try await registered(handle, metadata)
            return handle
        }
        var headers = Self.json
        if let initialAccessToken { headers["Authorization"] = "Bearer \(initialAccessToken)" }
        let response = try await http.send(
            .POST, registrationURL, headers: headers,
            body: Data(JSONValue.object(registration(document)).canonicalText.utf8)
        )
        guard response.status == 200 || response.status == 201 else {
            throw unexpected(response, "registering \(address)")
        }
        let answer = try parse(response)
        guard let clientID = answer[RFC7591Metadata.clientID]?.stringValue else {
            throw OnboardError(
                .protocolViolation,
                "the OAuth server registered \(address) without returning a client_id (RFC 7591 §3.2.1)")
        }
        guard let token = answer[RFC7591Metadata.registrationAccessToken]?.stringValue,
            let uri = answer[RFC7591Metadata.registrationClientURI]?.stringValue
        else {
            throw OnboardError(
                .protocolViolation,
                "the OAuth server registered client \(clientID) for \(address) but returned no registration_access_token "
                    + "and registration_client_uri, so onboard could never update or delete it: enable RFC 7592 "
                    + "client management on the server, and remove client \(clientID) there"
            )
        }
        let handle = PlatformHandle(platformID: clientID, secret: RegistrationManagement(uri: uri, token: token).secret)
        guard let administration else {
            try await registered(handle, metadata)
            return handle
        }
        // Recorded with no scope (what the server grants it so far), then granted: a grant that fails or never
        // happens leaves a known client whose scopes the next plan brings up to date.
        var sofar = metadata
        sofar.scopes = []
        sofar.otherScopes = []
        try await registered(handle, sofar)
        try await administration.grant(metadata.scopeTexts, to: clientID)
        return handle
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        if handle.secret == nil, let administration {
            try await administration.delete(handle.platformID)
            return
        }
        let management = try RegistrationManagement(handle)
        let response = try await http.send(.DELETE, management.uri, headers: management.headers)
        guard [200, 204, 401, 404, 410].contains(response.status) else {
            throw unexpected(response, "deleting client \(handle.platformID)")
        }
    }

    /// With a server profile, one listing answers the whole refresh: each recorded client is compared as the listing
    /// reports it (a client the listing lacks, or holds disabled, is gone for onboard), and the listing also names
    /// the clients state does not know. Without one, each client is read at its RFC 7592 URI.
    public func readAll(_ requests: [ClientReadRequest], concurrency: Int) async throws -> ClientReadout {
        guard let administration else { return try await readEach(requests, concurrency: concurrency) }
        let listing: (clients: [AdministeredClient], requests: Int)
        do {
            listing = try await administration.clients()
        } catch let error as OnboardError {
            throw OnboardError(
                error.code,
                "\(error.message), listing its clients (targets.clients.scopeAdministration); nothing was changed",
                underlying: error
            )
        }
        let byID = Dictionary(listing.clients.map { ($0.clientID, $0) }, uniquingKeysWith: { first, _ in first })
        var readout = ClientReadout(requests: listing.requests, listed: listing.clients.map(\.listed))
        for request in requests {
            guard let client = byID[request.handle.platformID], client.enabled else { continue }
            readout.clients[request.address] = RFC7591Metadata.metadata(client.metadata, recorded: request.recorded)
        }
        return readout
    }

    public func information(_ metadata: ClientMetadata, clientID: String) -> [String: JSONValue] {
        RFC7591Metadata.information(metadata, clientID: clientID)
    }

    /// The handle secret for a client registered by hand whose registration access token the operator holds: its
    /// RFC 7592 configuration URI is the registration endpoint followed by the client id unless the server said
    /// otherwise.
    public static func managementSecret(
        registrationURL: String, clientID: String, token: String, uri: String? = nil
    ) -> String {
        let base = registrationURL.hasSuffix("/") ? String(registrationURL.dropLast()) : registrationURL
        return RegistrationManagement(uri: uri ?? "\(base)/\(clientID)", token: token).secret
    }

    // MARK: - Helpers

    /// The server profile, when it keeps this client instead of the registration endpoint (`tls_client_auth`).
    private func administered(_ metadata: ClientMetadata) -> (any ClientAdministration)? {
        metadata.authMethod == .tlsClientAuth ? administration : nil
    }

    static let json = ["Content-Type": "application/json", "Accept": "application/json"]

    func registration(_ document: [String: JSONValue]) -> [String: JSONValue] {
        var body = document
        if body[RFC7591Metadata.redirectURIs] == nil, !redirectURIs.isEmpty {
            body[RFC7591Metadata.redirectURIs] = .array(redirectURIs.map { .string($0) })
        }
        return body
    }

    private func parse(_ response: HTTPResponse) throws -> JSONValue {
        do {
            return try JSONValue.parse(response.text)
        } catch {
            throw OnboardError(
                .protocolViolation,
                "the OAuth server answered with something that is not JSON (HTTP \(response.status))")
        }
    }

    private func unexpected(_ response: HTTPResponse, _ doing: String) -> OnboardError {
        let body = try? JSONValue.parse(response.text)
        let detail = [body?["error"]?.stringValue, body?["error_description"]?.stringValue].compactMap { $0 }.joined(
            separator: ": ")
        return OnboardError(
            .rejected,
            "the OAuth server answered HTTP \(response.status) \(doing)\(detail.isEmpty ? "" : ": " + detail)")
    }
}
