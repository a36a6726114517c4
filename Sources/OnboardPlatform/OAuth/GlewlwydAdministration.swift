import Foundation
import NIOHTTP1
import OnboardCore

/// `ClientAdministration` through glewlwyd's admin API (`/api/auth/` session, `/api/scope/`, `/api/client/`):
/// creates missing scopes, sets a client's scope list, and keeps `tls_client_auth` clients whole (glewlwyd's RFC 7591
/// endpoint refuses the method). glewlwyd keeps a client's `software_id` only when its client module's `data-format`
/// names the property; onboard needs it there to find, in the admin listing, a client an interrupted apply registered,
/// and says so when it is missing. An actor: concurrent refresh reads share one session, and the first caller's login
/// is the one every other caller awaits.
public actor GlewlwydAdministration: ClientAdministration {
    public let apiURL: String
    private let user: String
    private let password: String
    private let http: RESTClient
    /// The login in flight or done; shared so that parallel callers log in once.
    private var session: Task<String, any Error>?
    private var knownScopes: Set<String> = []
    private var softwareIDKept = false

    public init(apiURL: String, user: String, password: String, http: RESTClient) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.user = user
        self.password = password
        self.http = http
    }

    public func grant(_ scopes: [String], to clientID: String) async throws {
        for scope in scopes { try await ensureScope(scope) }
        guard case .object(var client)? = try await client(clientID) else {
            throw OnboardError(.rejected, "glewlwyd does not know the client \(clientID) it just registered")
        }
        client["scope"] = .array(scopes.map { .string($0) })
        let response = try await send(.PUT, "/client/\(clientID)", body: .object(client))
        guard response.status == 200 else {
            throw OnboardError(
                .rejected,
                "glewlwyd refused the scopes of client \(clientID) (HTTP \(response.status)): \(response.text.prefix(200))"
            )
        }
    }

    public func scopes(of clientID: String) async throws -> [String]? {
        try await client(clientID).map { ($0["scope"]?.arrayValue ?? []).compactMap(\.stringValue) }
    }

    public func register(_ metadata: JSONValue, redirectURIs: [String]) async throws -> String {
        let clientID = Self.newClientID()
        var client = try await adminClient(metadata, redirectURIs: redirectURIs)
        client["client_id"] = .string(clientID)
        let response = try await send(.POST, "/client/", body: .object(client))
        guard response.status == 200 else {
            throw OnboardError(
                .rejected,
                "glewlwyd refused to create client \(clientID) (HTTP \(response.status)): \(response.text.prefix(200))")
        }
        return clientID
    }

    public func update(_ clientID: String, to metadata: JSONValue, redirectURIs: [String]) async throws {
        var client = try await adminClient(metadata, redirectURIs: redirectURIs)
        client["client_id"] = .string(clientID)
        let response = try await send(.PUT, "/client/\(clientID)", body: .object(client))
        guard response.status == 200 else {
            throw OnboardError(
                .rejected,
                response.status == 404
                    ? "glewlwyd no longer knows client \(clientID); run plan: it shows the client as missing"
                    : "glewlwyd refused to update client \(clientID) (HTTP \(response.status)): \(response.text.prefix(200))"
            )
        }
    }

    public func metadata(of clientID: String) async throws -> JSONValue? {
        try await client(clientID).map(Self.metadata)
    }

    /// glewlwyd's client object as RFC 7591 metadata (a disabled client has no grant types).
    static func metadata(_ client: JSONValue) -> JSONValue {
        typealias RFC = RFC7591Metadata
        var metadata: [String: JSONValue] = [
            RFC.name: client["name"] ?? "",
            RFC.authMethod: client[RFC.authMethod] ?? [],
            RFC.grantTypes: client["enabled"] == false ? [] : client["authorization_type"] ?? [],
            RFC.scope: .string((client["scope"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")),
        ]
        metadata[RFC.softwareID] = Self.softwareID(client).map(JSONValue.string)
        for field in Self.keyFields { metadata[field] = client[field] }
        return .object(metadata)
    }

    public func delete(_ clientID: String) async throws {
        let response = try await send(.DELETE, "/client/\(clientID)")
        guard response.status == 200 || response.status == 404 else {
            throw OnboardError(.rejected, "glewlwyd refused to delete client \(clientID) (HTTP \(response.status))")
        }
    }

    public func clients() async throws -> (clients: [AdministeredClient], requests: Int) {
        try await requireSoftwareIDProperty()
        var listed: [AdministeredClient] = []
        var requests = 1
        while true {
            let response = try await send(.GET, "/client/?offset=\(listed.count)&limit=\(Self.pageSize)")
            requests += 1
            guard response.status == 200, let page = (try? JSONValue.parse(response.text))?.arrayValue else {
                throw OnboardError(
                    .protocolViolation,
                    "glewlwyd answered HTTP \(response.status) listing clients, not a list of clients")
            }
            listed += page.compactMap { client in
                client["client_id"]?.stringValue.map {
                    AdministeredClient(
                        clientID: $0, softwareID: Self.softwareID(client), enabled: client["enabled"] != false,
                        metadata: Self.metadata(client)
                    )
                }
            }
            if page.count < Self.pageSize { return (listed, requests) }
        }
    }

    /// The RFC 7591 members glewlwyd keeps under the same names: how the client proves who it is.
    static let keyFields = [RFC7591Metadata.sanURI, RFC7591Metadata.jwks, RFC7591Metadata.jwksURI]

    /// Clients per listing request.
    static let pageSize = 500

    /// The marker: the `software_id` property, or the description onboard wrote it into before keeping the property.
    static func softwareID(_ client: JSONValue) -> String? {
        for field in [RFC7591Metadata.softwareID, "description"] {
            if let value = client[field]?.stringValue, value.hasPrefix("onboard:") { return value }
        }
        return nil
    }

    /// Without `software_id` in an enabled client module's `data-format`, glewlwyd drops the marker of every client
    /// registered through RFC 7591, and an orphan could never be told from a client someone else registered.
    private func requireSoftwareIDProperty() async throws {
        if softwareIDKept { return }
        let response = try await send(.GET, "/mod/client/")
        guard response.status == 200, let modules = (try? JSONValue.parse(response.text))?.arrayValue else {
            throw OnboardError(
                .protocolViolation, "glewlwyd answered HTTP \(response.status) listing its client modules")
        }
        let keeping = modules.contains { module in
            module["enabled"] != false && module["parameters"]?["data-format"]?["software_id"] != nil
        }
        guard keeping else {
            throw OnboardError(
                .configuration,
                "glewlwyd's client modules do not keep software_id, so onboard cannot find the clients an interrupted "
                    + "apply registered: add \"software_id\": {\"multiple\": false, \"read\": true, \"write\": true} to the "
                    + "data-format of glewlwyd's client module (docs/live-platform.md)"
            )
        }
        softwareIDKept = true
    }

    /// glewlwyd's own client object for RFC 7591 metadata.
    private func adminClient(_ metadata: JSONValue, redirectURIs: [String]) async throws -> [String: JSONValue] {
        let scopes = RegisteredScope.list(metadata[RFC7591Metadata.scope]?.stringValue)
        for scope in scopes { try await ensureScope(scope) }
        typealias RFC = RFC7591Metadata
        var client: [String: JSONValue] = [
            "name": metadata[RFC.name] ?? "",
            "description": metadata[RFC.softwareID] ?? "",
            RFC.softwareID: metadata[RFC.softwareID] ?? "",
            "enabled": true,
            "confidential": true,
            RFC.authMethod: metadata[RFC.authMethod].map { .array([$0]) } ?? [],
            "authorization_type": metadata[RFC.grantTypes] ?? [],
            "redirect_uri": .array(redirectURIs.map { .string($0) }),
            "scope": .array(scopes.map { .string($0) }),
        ]
        // A private_key_jwt client kept here (one adopted through this API) keeps its keys.
        for field in Self.keyFields { client[field] = metadata[field] }
        return client
    }

    /// A scope name in a URL path (it holds `/`, `?`, `=`, `&`).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    /// 20 random lowercase letters and digits, like the ids glewlwyd's registration endpoint hands out.
    static func newClientID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }

    private func client(_ clientID: String) async throws -> JSONValue? {
        let response = try await send(.GET, "/client/\(clientID)")
        switch response.status {
        case 200: return try JSONValue.parse(response.text)
        case 404: return nil
        default: throw OnboardError(.rejected, "glewlwyd answered HTTP \(response.status) reading client \(clientID)")
        }
    }

    private func ensureScope(_ name: String) async throws {
        if knownScopes.contains(name) { return }
        let scope: JSONValue = [
            "name": .string(name), "display_name": .string(name), "description": "Granted by onboard",
            "password_required": false, "scheme": [:],
        ]
        // Safe to retry: a scope that now exists answers 400, which is checked below.
        let response = try await send(.POST, "/scope/", body: scope, idempotent: true)
        // 400 is glewlwyd's answer both for a scope that already exists and for one it refuses: tell them apart.
        if response.status == 400 {
            let existing = try await send(.GET, "/scope/\(Self.pathSegment(name))")
            guard existing.status == 200 else {
                let reason = (try? JSONValue.parse(response.text))?.arrayValue?.compactMap(\.stringValue).joined(
                    separator: "; ")
                throw OnboardError(
                    .rejected,
                    "glewlwyd refused to create scope \(name) (HTTP 400): \(reason ?? String(response.text.prefix(200)))"
                )
            }
        } else if response.status != 200 {
            throw OnboardError(.rejected, "glewlwyd refused to create scope \(name) (HTTP \(response.status))")
        }
        knownScopes.insert(name)
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, idempotent: Bool = false
    ) async throws -> HTTPResponse {
        var headers = ["Cookie": try await login()]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await http.send(
            method, apiURL + path, headers: headers, body: body.map { Data($0.canonicalText.utf8) },
            idempotent: idempotent
        )
    }

    /// Why the login failed: refused credentials (401/403), or an answer that is not glewlwyd's API (a web page, an
    /// answer without a session cookie), which points at `apiUrl` rather than at the credentials.
    static func loginFailure(_ response: HTTPResponse, url: String) -> OnboardError {
        if response.status == 401 || response.status == 403 {
            return OnboardError(
                .rejected,
                "glewlwyd refused the administrator login (HTTP \(response.status)); check the variables targets.clients.scopeAdministration names"
            )
        }
        let type = response.headers["content-type"].map { " (\($0))" } ?? ""
        let came =
            response.status == 200 ? "HTTP 200 without a session cookie\(type)" : "HTTP \(response.status)\(type)"
        return OnboardError(
            .rejected,
            "the administrator login at \(url) expected glewlwyd's answer (HTTP 200 with a session cookie) and got \(came); "
                + "check targets.clients.scopeAdministration.apiUrl"
        )
    }

    private func login() async throws -> String {
        if let session { return try await session.value }
        let body: JSONValue = ["username": .string(user), "password": .string(password)]
        let (http, apiURL) = (self.http, self.apiURL)
        let login = Task<String, any Error> {
            let response = try await http.send(
                .POST, apiURL + "/auth/", headers: ["Content-Type": "application/json"],
                body: Data(body.canonicalText.utf8),
                idempotent: true  // a login done twice is one more session, nothing else
            )
            guard response.status == 200, let setCookie = response.headers["set-cookie"] else {
                throw Self.loginFailure(response, url: apiURL + "/auth/")
            }
            return String(setCookie.split(separator: ";").first ?? "")
        }
        session = login
        do {
            return try await login.value
        } catch {
            session = nil
            throw error
        }
    }
}
