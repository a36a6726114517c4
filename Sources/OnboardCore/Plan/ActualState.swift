/// What the platform reports now for each resource onboard recorded: the document, or absence.
public struct ActualState: Sendable {
    public let documents: [ResourceAddress: JSONValue]
    public let missing: Set<ResourceAddress>

    public init(documents: [ResourceAddress: JSONValue], missing: Set<ResourceAddress>) {
        self.documents = documents
        self.missing = missing
    }
}
