/// A partner's public JWKS as read from its file, registered with the OAuth client for `private_key_jwt`.
public struct JSONWebKeySetDocument: Sendable, Hashable, Codable {
    public let path: String
    /// The file's JSON text, as registered.
    public let json: String
    /// Key ids in file order (empty strings for keys without `kid`).
    public let keyIDs: [String]

    public init(path: String, json: String, keyIDs: [String]) {
        self.path = path
        self.json = json
        self.keyIDs = keyIDs
    }
}
