/// What one resource should look like on the platform, derived from the partner files. Only the canonical JSON text
/// is kept (a no-change plan of 10,000 partners holds 70,000 of these); the document is parsed back when a change
/// needs its fields.
public struct DesiredResource: Sendable, Hashable {
    public let address: ResourceAddress
    /// Canonical JSON text: compared with what state recorded to detect change.
    public let canonical: String

    public init(address: ResourceAddress, document: JSONValue) {
        self.address = address
        self.canonical = document.canonicalText
    }

    public var document: JSONValue { (try? JSONValue.parse(canonical)) ?? .null }
}
