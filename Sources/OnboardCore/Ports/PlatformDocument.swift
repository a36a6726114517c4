/// A document as the platform reports it, projected onto what onboard writes (server-added fields left out), with
/// the platform's version of it, so a later write can say which version it replaces.
public struct PlatformDocument: Sendable, Hashable {
    public let document: JSONValue
    public let version: String?

    public init(document: JSONValue, version: String? = nil) {
        self.document = document
        self.version = version
    }
}
