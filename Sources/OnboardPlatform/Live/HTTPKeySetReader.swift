import Foundation
import OnboardCore

/// Reads partners' published key sets over HTTPS with the OAuth client target's connection settings (its CA bundle,
/// timeout, retries), as the authorization server will when it registers them. One HTTP client per origin: a partner
/// whose server is down must not make the next partner's server look down too.
public actor HTTPKeySetReader: PartnerKeySetReader {
    private let makeClient: @Sendable (_ origin: String) throws -> RESTClient
    private var clients: [String: RESTClient] = [:]

    /// `makeClient` builds the client for one origin (`https://host:port`); its messages name the origin.
    public init(makeClient: @escaping @Sendable (_ origin: String) throws -> RESTClient) {
        self.makeClient = makeClient
    }

    public func keySet(at url: String) async throws(OnboardError) -> String {
        let origin = RESTClient.origin(url)
        let http: RESTClient
        if let known = clients[origin] {
            http = known
        } else {
            do {
                http = try makeClient(origin)
            } catch {
                throw (error as? OnboardError) ?? OnboardError(.configuration, "\(error)")
            }
            clients[origin] = http
        }
        let response = try await http.send(.GET, url, headers: ["Accept": "application/json, application/jwk-set+json"])
        guard response.status == 200 else {
            throw OnboardError(.rejected, "\(url) answered HTTP \(response.status), not the key set")
        }
        return response.text
    }
}
