/// What the platform reports now for each resource onboard recorded: the document and its version, or absence.
public struct ActualState: Sendable {
    public let documents: [ResourceAddress: JSONValue]
    public let versions: [ResourceAddress: String]
    public let missing: Set<ResourceAddress>

    public init(documents: [ResourceAddress: JSONValue], versions: [ResourceAddress: String] = [:], missing: Set<ResourceAddress>) {
        self.documents = documents
        self.versions = versions
        self.missing = missing
    }
}
