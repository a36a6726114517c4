import Foundation
import NIOHTTP1
import OnboardCore

/// `ScopeAdministration` through glewlwyd's admin API (`/api/auth/` session, `/api/scope/`, `/api/client/{id}`):
/// creates missing scopes, then sets the client's scope list.
public final class GlewlwydScopeAdministration: ScopeAdministration, @unchecked Sendable {
    public let apiURL: String
    private let user: String
    private let password: String
    private let http: RESTClient
    private let lock = NSLock()
    /// One login at a time: parallel refresh reads share one session.
    private let loginLock = NSLock()
    private var cookie: String?
    private var knownScopes: Set<String> = []

    public init(apiURL: String, user: String, password: String, http: RESTClient) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.user = user
        self.password = password
        self.http = http
    }

    public func grant(_ scopes: [String], to clientID: String) throws {
        for scope in scopes { try ensureScope(scope) }
        guard case .object(var client)? = try client(clientID) else {
            throw PlatformError(.rejected, "glewlwyd does not know the client \(clientID) it just registered")
        }
        client["scope"] = .array(scopes.map { .string($0) })
        let response = try send(.PUT, "/client/\(clientID)", body: .object(client))
        guard response.status == 200 else {
            throw PlatformError(.rejected, "glewlwyd refused the scopes of client \(clientID) (HTTP \(response.status)): \(response.text.prefix(200))")
        }
    }

    public func scopes(of clientID: String) throws -> [String]? {
        try client(clientID).map { ($0["scope"]?.arrayValue ?? []).compactMap(\.stringValue) }
    }

    private func client(_ clientID: String) throws -> JSONValue? {
        let response = try send(.GET, "/client/\(clientID)")
        switch response.status {
        case 200: return try JSONValue.parse(response.text)
        case 404: return nil
        default: throw PlatformError(.rejected, "glewlwyd answered HTTP \(response.status) reading client \(clientID)")
        }
    }

    private func ensureScope(_ name: String) throws {
        if lock.withLock({ knownScopes.contains(name) }) { return }
        let scope: JSONValue = [
            "name": .string(name), "display_name": .string(name), "description": "Granted by onboard",
            "password_required": false, "scheme": [:],
        ]
        let response = try send(.POST, "/scope/", body: scope)
        // 400 is glewlwyd's answer for a scope that already exists.
        guard response.status == 200 || response.status == 400 else {
            throw PlatformError(.rejected, "glewlwyd refused to create scope \(name) (HTTP \(response.status))")
        }
        lock.withLock { _ = knownScopes.insert(name) }
    }

    private func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) throws -> HTTPResponse {
        let session = try login()
        var headers = ["Cookie": session]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try http.send(method, apiURL + path, headers: headers, body: body.map { Data($0.canonicalText.utf8) })
    }

    private func login() throws -> String {
        loginLock.lock()
        defer { loginLock.unlock() }
        if let cookie = lock.withLock({ cookie }) { return cookie }
        let body: JSONValue = ["username": .string(user), "password": .string(password)]
        let response = try http.send(
            .POST, apiURL + "/auth/", headers: ["Content-Type": "application/json"], body: Data(body.canonicalText.utf8)
        )
        guard response.status == 200, let setCookie = response.headers["set-cookie"] else {
            throw PlatformError(.rejected, "glewlwyd refused the administrator login (HTTP \(response.status)); check the variables targets.clients.scopeAdministration names")
        }
        let session = String(setCookie.split(separator: ";").first ?? "")
        lock.withLock { cookie = session }
        return session
    }
}
