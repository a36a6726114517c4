import OnboardSpec

/// A partner's OAuth client as onboard means it, whatever the authorization server's protocol: what the client
/// registry port takes and gives back, so scopes stay typed from the partner file to the adapter and the server's
/// own field names (RFC 7591's, glewlwyd's) are spoken only inside the adapters. Its document form (`document`, the
/// `Codable` conformance) is what plans diff and state records.
public struct ClientMetadata: Sendable, Hashable, Codable {
    /// Shown to people on the server: the partner's name.
    public var name: String
    /// The ownership marker `onboard:<deployment>:<partner id>`; nil for a client registered without one.
    public var softwareID: String?
    /// How the client authenticates at the token endpoint; nil for a method onboard does not use.
    public var authMethod: AuthMethod?
    /// Whether it may get tokens (the client credentials grant): false while the partner is suspended.
    public var clientCredentials: Bool
    /// The SMART scopes it holds, in the order the partner file (then its grants) declares them.
    public var scopes: [SmartScope]
    /// Scopes a server reports that are not SMART scopes: never registered by onboard, kept so a plan shows them
    /// being taken away.
    public var otherScopes: [String]
    /// E-mail addresses of the partner's contacts.
    public var contacts: [String]
    /// The partner's public keys (private_key_jwt), by value…
    public var jwks: JSONValue?
    /// …or by URL.
    public var jwksURI: String?
    /// The SAN URI its certificate carries (tls_client_auth, RFC 8705 §2.1.2).
    public var certificateSANURI: String?

    public init(
        name: String, softwareID: String?, authMethod: AuthMethod?, clientCredentials: Bool, scopes: [SmartScope],
        otherScopes: [String] = [], contacts: [String] = [], jwks: JSONValue? = nil, jwksURI: String? = nil,
        certificateSANURI: String? = nil
    ) {
        self.name = name
        self.softwareID = softwareID
        self.authMethod = authMethod
        self.clientCredentials = clientCredentials
        self.scopes = scopes
        self.otherScopes = otherScopes
        self.contacts = contacts
        self.jwks = jwks
        self.jwksURI = jwksURI
        self.certificateSANURI = certificateSANURI
    }

    /// The document plans compare and state records.
    public var document: JSONValue {
        // Encoding strings, scopes, booleans and JSON cannot fail.
        (try? JSONValue(encoding: self)) ?? .null
    }

    /// The metadata a recorded or desired document holds; throws when it is not one (the state stores read client
    /// records of an earlier form in this one through a `RecordUpgrade`).
    public init(document: JSONValue) throws {
        self = try document.decoded(as: ClientMetadata.self)
    }

    /// Whether a changed field of the document is the scope list (`scopes` or one of its elements).
    public static func isScopeField(_ path: String) -> Bool {
        let name = CodingKeys.scopes.stringValue
        return path == name || path.hasPrefix(name + "[")
    }

    /// Every scope as text, SMART scopes first.
    public var scopeTexts: [String] { scopes.map(\.description) + otherScopes }
}
