/// What one resource should look like on the platform, derived from the partner files.
public struct DesiredResource: Sendable, Hashable {
    public let address: ResourceAddress
    public let document: JSONValue
    /// Canonical JSON text: compared with what state recorded to detect change.
    public let canonical: String

    public init(address: ResourceAddress, document: JSONValue) {
        self.address = address
        self.document = document
        self.canonical = document.canonicalText
    }
}
