/// The live OAuth client registry: the RFC 7591 registration endpoint and what the server needs besides.
public struct ClientTargetSettings: Sendable, Hashable {
    public let registrationURL: String
    /// The environment variable holding an RFC 7591 initial access token, when the server requires one.
    public let initialAccessTokenEnv: String?
    /// Sent with each registration, for servers that require `redirect_uris` even for client_credentials clients.
    public let redirectURIs: [String]
    public let scopeAdministration: ScopeAdministrationSettings?
    public let connection: ConnectionSettings

    public init(
        registrationURL: String, initialAccessTokenEnv: String?, redirectURIs: [String],
        scopeAdministration: ScopeAdministrationSettings?, connection: ConnectionSettings = ConnectionSettings()
    ) {
        self.registrationURL = registrationURL
        self.initialAccessTokenEnv = initialAccessTokenEnv
        self.redirectURIs = redirectURIs
        self.scopeAdministration = scopeAdministration
        self.connection = connection
    }
}
