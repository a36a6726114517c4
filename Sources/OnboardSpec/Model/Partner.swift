/// One external partner as declared in `Partners/<id>.yaml`, resolved against its template, with the public files it
/// names (CSR, JWKS) already read and checked.
public struct Partner: Sendable, Hashable, Codable {
    /// Path of the partner file, relative to the repository root.
    public let file: String
    public let metadata: PartnerMetadata
    public let spec: PartnerSpec
    public let documents: PartnerDocuments

    public init(file: String, metadata: PartnerMetadata, spec: PartnerSpec, documents: PartnerDocuments) {
        self.file = file
        self.metadata = metadata
        self.spec = spec
        self.documents = documents
    }

    public var id: String { metadata.id.value }
}
