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
    /// The platform's version of what was written (FHIR `meta.versionId`), sent back as `If-Match` on the next write.
    public let version: String?
    /// What the platform handed back that onboard needs later and must not keep readable (an RFC 7592 registration
    /// access token): sealed with the state key, never plaintext.
    public let sealed: String?

    public init(
        address: ResourceAddress, platformID: String, document: JSONValue, appliedAt: Date, version: String? = nil,
        sealed: String? = nil
    ) {
        self.init(
            address: address, platformID: platformID, canonical: document.canonicalText, appliedAt: appliedAt,
            version: version, sealed: sealed
        )
    }

    public init(
        address: ResourceAddress, platformID: String, canonical: String, appliedAt: Date, version: String? = nil,
        sealed: String? = nil
    ) {
        self.address = address
        self.platformID = platformID
        self.canonical = canonical
        self.appliedAt = appliedAt
        self.version = version
        self.sealed = sealed
    }

    public var document: JSONValue { (try? JSONValue.parse(canonical)) ?? .null }

    public var digest: String { SHA256Digest.hex(canonical) }
}
