import Foundation
import NIOHTTP1
import OnboardCore

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

    /// The client metadata onboard registers and compares; anything else a server reports is its own business.
    static let managedFields = [
        "client_name", "token_endpoint_auth_method", "grant_types", "scope", "contacts", "software_id", "jwks",
        "jwks_uri",
        "tls_client_auth_san_uri",
    ]

    public func read(_ request: ReadRequest) async throws -> PlatformDocument? {
        if request.handle.secret == nil, let administration {
            let metadata = try await administration.metadata(of: request.handle.platformID)
            return metadata.map {
                PlatformDocument(
                    document: Self.project(
                        $0, onto: request.recorded, scopes: RegisteredScope.list($0["scope"]?.stringValue)))
            }
        }
        let management = try RegistrationManagement(request.handle)
        let response = try await http.send(.GET, management.uri, headers: management.headers)
        switch response.status {
        case 200:
            let scopes = try await administration?.scopes(of: request.handle.platformID)
            return PlatformDocument(document: Self.project(try parse(response), onto: request.recorded, scopes: scopes))
        case 401, 403, 404, 410:
            // RFC 7592 §2: an unknown client or a revoked token both answer 401; either way the client is gone for onboard.
            return nil
        default:
            throw unexpected(response, "reading client \(request.handle.platformID)")
        }
    }

    public func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        async throws -> PlatformHandle
    {
        guard let existing else { return try await register(address, document) { _, _ in } }
        // A client onboard holds no registration access token for (one adopted through the server profile) is kept
        // through the administration API too.
        if let administration = existing.secret == nil ? administration : administered(document) {
            try await administration.update(existing.platformID, to: document, redirectURIs: redirectURIs)
            return PlatformHandle(platformID: existing.platformID, secret: existing.secret)
        }
        let management = try RegistrationManagement(existing)
        var body = registration(document)
        body["client_id"] = .string(existing.platformID)
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
        let rotated = answer["registration_access_token"]?.stringValue.map {
            RegistrationManagement(uri: answer["registration_client_uri"]?.stringValue ?? management.uri, token: $0)
        }
        try await administration?.grant(RegisteredScope.list(document["scope"]?.stringValue), to: existing.platformID)
        return PlatformHandle(platformID: existing.platformID, secret: (rotated ?? management).secret)
    }

    public func register(
        _ address: ResourceAddress, _ document: JSONValue,
        registered: @Sendable (PlatformHandle, JSONValue) async throws -> Void
    ) async throws -> PlatformHandle {
        if let administration = administered(document) {
            let handle = PlatformHandle(
                platformID: try await administration.register(document, redirectURIs: redirectURIs))
            try await registered(handle, document)
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
        guard let clientID = answer["client_id"]?.stringValue else {
            throw OnboardError(
                .protocolViolation,
                "the OAuth server registered \(address) without returning a client_id (RFC 7591 §3.2.1)")
        }
        guard let token = answer["registration_access_token"]?.stringValue,
            let uri = answer["registration_client_uri"]?.stringValue
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
            try await registered(handle, document)
            return handle
        }
        // Recorded with no scope (what the server grants it so far), then granted: a grant that fails or never
        // happens leaves a known client whose scopes the next plan brings up to date.
        guard case .object(var sofar) = document else { return handle }
        sofar["scope"] = ""
        try await registered(handle, .object(sofar))
        try await administration.grant(RegisteredScope.list(document["scope"]?.stringValue), to: clientID)
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
    public func readAll(_ requests: [ReadRequest], concurrency: Int) async throws -> PlatformReadout {
        guard let administration else {
            let found = try await requests.concurrentMap(limit: concurrency) { request in
                (request.address, try await read(request))
            }
            var readout = PlatformReadout(requests: requests.count)
            for case let (address, document?) in found { readout.documents[address] = document }
            return readout
        }
        let listing: (clients: [ListedClient], requests: Int)
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
        var readout = PlatformReadout(requests: listing.requests, listed: listing.clients)
        for request in requests {
            guard let client = byID[request.handle.platformID], client.enabled, let metadata = client.metadata else {
                continue
            }
            readout.documents[request.address] = PlatformDocument(
                document: Self.project(
                    metadata, onto: request.recorded, scopes: RegisteredScope.list(metadata["scope"]?.stringValue))
            )
        }
        return readout
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
    private func administered(_ document: JSONValue) -> (any ClientAdministration)? {
        document["token_endpoint_auth_method"]?.stringValue == "tls_client_auth" ? administration : nil
    }

    static let clientCredentials: JSONValue = "client_credentials"
    static let json = ["Content-Type": "application/json", "Accept": "application/json"]

    func registration(_ document: JSONValue) -> [String: JSONValue] {
        guard case .object(var body) = document else { return [:] }
        if body["redirect_uris"] == nil, !redirectURIs.isEmpty {
            body["redirect_uris"] = .array(redirectURIs.map { .string($0) })
        }
        return body
    }

    /// What the server reports, in the shape onboard registered: managed fields it reports replace the recorded ones
    /// (a single-value array becomes its value; of the grant types only `client_credentials` matters, since servers
    /// add defaults of their own; scopes compare as sets); fields it does not report are taken as registered.
    static func project(_ reported: JSONValue, onto recorded: JSONValue, scopes: [String]?) -> JSONValue {
        guard case .object(var view) = recorded, case .object(let server) = reported else { return reported }
        for field in managedFields {
            guard var value = server[field] else { continue }
            if field == "token_endpoint_auth_method", let values = value.arrayValue, values.count == 1 {
                value = values[0]
            }
            if field == "grant_types", let wanted = recorded[field]?.arrayValue, let have = value.arrayValue,
                wanted.contains(Self.clientCredentials) == have.contains(Self.clientCredentials)
            {
                value = recorded[field]!
            }
            view[field] = value
        }
        if let scopes {
            let recordedScopes = RegisteredScope.list(recorded["scope"]?.stringValue)
            view["scope"] =
                Set(recordedScopes) == Set(scopes) ? recorded["scope"] : .string(scopes.joined(separator: " "))
        }
        return .object(view)
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
