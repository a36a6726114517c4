/// One write of a bulk `putAll`: what `DocumentTarget.put` takes, for many documents at once.
public struct DocumentWrite: Sendable {
    public let address: ResourceAddress
    public let document: JSONValue
    public let existing: PlatformHandle?
    public let baseVersion: String?

    public init(address: ResourceAddress, document: JSONValue, existing: PlatformHandle?, baseVersion: String?) {
        self.address = address
        self.document = document
        self.existing = existing
        self.baseVersion = baseVersion
    }
}
