/// Who the partner is: its permanent id, display name and free-form labels.
public struct PartnerMetadata: Sendable, Hashable, Codable {
    /// `[a-z0-9-]{3,63}`, unique and never reused: the partner's identity on every platform.
    public let id: Located<String>
    public let name: Located<String>
    public let labels: [String: Located<String>]

    public init(id: Located<String>, name: Located<String>, labels: [String: Located<String>]) {
        self.id = id
        self.name = name
        self.labels = labels
    }
}
