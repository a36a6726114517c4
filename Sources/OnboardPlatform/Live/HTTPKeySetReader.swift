import OnboardCore

/// Reads partners' published key sets over HTTPS with the OAuth client target's connection settings (its CA bundle,
/// timeout, retries), as the authorization server will when it registers them.
public struct HTTPKeySetReader: PartnerKeySetReader {
    public let http: RESTClient

    public init(http: RESTClient) { self.http = http }

    public func keySet(at url: String) async throws(OnboardError) -> String {
        let response = try await http.send(.GET, url, headers: ["Accept": "application/json, application/jwk-set+json"])
        guard response.status == 200 else {
            throw OnboardError(.rejected, "\(url) answered HTTP \(response.status), not the key set")
        }
        return response.text
    }
}
