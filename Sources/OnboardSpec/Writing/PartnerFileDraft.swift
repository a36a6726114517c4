/// A partner file to be written for review (what `onboard import --from-platform` found on the platform): plain
/// values in the shape of `Partners/<id>.yaml`, with `spec.adopt` naming the existing objects, and the notes a
/// reviewer must read (scopes dropped, fields to fill in) written as comments.
public struct PartnerFileDraft: Sendable {
    public var id: String
    public var name: String
    public var template: String
    public var identifiers: [(system: String, value: String)] = []
    public var contacts: [(name: String, email: String?, phone: String?)] = []
    public var endpoints: [(name: String, connectionType: String, address: String, mimeTypes: [String])] = []
    /// nil leaves the template's default scopes.
    public var scopes: [String]?
    public var auth: String?
    /// The file name of the partner's public JWKS, written beside the partner file.
    public var jwksFile: String?
    public var jwksURI: String?
    public var adoptOrganization: String?
    public var adoptEndpoints: [(name: String, reference: String)] = []
    public var adoptAffiliation: String?
    public var adoptClient: String?
    /// The variable to hold the adopted client's registration access token; nil: the server profile's admin API.
    public var clientTokenEnv: String?
    public var notes: [String] = []

    public init(id: String, name: String, template: String) {
        self.id = id
        self.name = name
        self.template = template
    }
}
