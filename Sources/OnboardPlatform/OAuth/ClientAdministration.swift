import OnboardCore

/// An authorization server's own administration API, for what its RFC 7591/7592 endpoints do not do: grant a client
/// its scopes (glewlwyd keeps a per-client scope list that only its administrators set, ignoring the registered
/// `scope`) and register `tls_client_auth` clients (glewlwyd's registration endpoint refuses that method). Named in
/// onboard.yaml as `targets.clients.scopeAdministration`, a documented server profile.
public protocol ClientAdministration: Sendable {
    /// Makes `scopes` exactly the client's scope list (an empty list takes every scope away).
    func grant(_ scopes: [String], to clientID: String) async throws

    /// The client's scope list as the server holds it, nil when the client is unknown.
    func scopes(of clientID: String) async throws -> [String]?

    /// Creates a client from RFC 7591 metadata (scopes included) and returns its client id.
    func register(_ metadata: JSONValue, redirectURIs: [String]) async throws -> String

    /// Makes an existing client match RFC 7591 metadata (scopes included).
    func update(_ clientID: String, to metadata: JSONValue, redirectURIs: [String]) async throws

    /// The client as RFC 7591 metadata, nil when the server does not know it.
    func metadata(of clientID: String) async throws -> JSONValue?

    /// Removes the client.
    func delete(_ clientID: String) async throws

    /// Every client the server holds, with the `software_id` it was registered with and its metadata, and how many
    /// requests the listing took.
    func clients() async throws -> (clients: [AdministeredClient], requests: Int)
}

/// One client of an administration API's listing, its metadata in RFC 7591's words as the server reports it.
public struct AdministeredClient: Sendable {
    public let clientID: String
    /// The marker onboard registers every client with; nil for clients without one.
    public let softwareID: String?
    public let enabled: Bool
    public let metadata: JSONValue

    public init(clientID: String, softwareID: String?, enabled: Bool, metadata: JSONValue) {
        self.clientID = clientID
        self.softwareID = softwareID
        self.enabled = enabled
        self.metadata = metadata
    }

    /// As the engine's listing names it.
    var listed: ListedClient {
        ListedClient(
            clientID: clientID, softwareID: softwareID, enabled: enabled, metadata: RFC7591Metadata.metadata(metadata))
    }
}
