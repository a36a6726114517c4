import Foundation

/// What state remembers of one applied resource: where it lives on the platform, what was written (as canonical JSON
/// text, parsed only when a plan needs its fields), and when. Documents hold no secret.
public struct ResourceRecord: Sendable, Hashable {
    public let address: ResourceAddress
    /// FHIR `Type/id`, OAuth `client_id`, certificate serial, or a file name.
    public let platformID: String
    /// The canonical JSON text of the document written.
    public let canonical: String
    public let appliedAt: Date

    public init(address: ResourceAddress, platformID: String, document: JSONValue, appliedAt: Date) {
        self.init(address: address, platformID: platformID, canonical: document.canonicalText, appliedAt: appliedAt)
    }

    public init(address: ResourceAddress, platformID: String, canonical: String, appliedAt: Date) {
        self.address = address
        self.platformID = platformID
        self.canonical = canonical
        self.appliedAt = appliedAt
    }

    public var document: JSONValue { (try? JSONValue.parse(canonical)) ?? .null }

    public var digest: String { SHA256Digest.hex(canonical) }
}
