import Foundation
import NIOHTTP1
import OnboardCore

/// `ScopeAdministration` through glewlwyd's admin API (`/api/auth/` session, `/api/scope/`, `/api/client/{id}`):
/// creates missing scopes, then sets the client's scope list. An actor: concurrent refresh reads share one session,
/// and the first caller's login is the one every other caller awaits.
public actor GlewlwydScopeAdministration: ScopeAdministration {
    public let apiURL: String
    private let user: String
    private let password: String
    private let http: RESTClient
    /// The login in flight or done; shared so that parallel callers log in once.
    private var session: Task<String, any Error>?
    private var knownScopes: Set<String> = []

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
            throw OnboardError(.rejected, "glewlwyd refused the scopes of client \(clientID) (HTTP \(response.status)): \(response.text.prefix(200))")
        }
    }

    public func scopes(of clientID: String) async throws -> [String]? {
        try await client(clientID).map { ($0["scope"]?.arrayValue ?? []).compactMap(\.stringValue) }
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
        let response = try await send(.POST, "/scope/", body: scope)
        // 400 is glewlwyd's answer for a scope that already exists.
        guard response.status == 200 || response.status == 400 else {
            throw OnboardError(.rejected, "glewlwyd refused to create scope \(name) (HTTP \(response.status))")
        }
        knownScopes.insert(name)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> HTTPResponse {
        var headers = ["Cookie": try await login()]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await http.send(method, apiURL + path, headers: headers, body: body.map { Data($0.canonicalText.utf8) })
    }

    private func login() async throws -> String {
        if let session { return try await session.value }
        let body: JSONValue = ["username": .string(user), "password": .string(password)]
        let (http, apiURL) = (self.http, self.apiURL)
        let login = Task<String, any Error> {
            let response = try await http.send(
                .POST, apiURL + "/auth/", headers: ["Content-Type": "application/json"], body: Data(body.canonicalText.utf8)
            )
            guard response.status == 200, let setCookie = response.headers["set-cookie"] else {
                throw OnboardError(.rejected, "glewlwyd refused the administrator login (HTTP \(response.status)); check the variables targets.clients.scopeAdministration names")
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
