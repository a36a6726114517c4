/// One technical endpoint of a partner, published as a FHIR `Endpoint` in the hospital's directory.
public struct PartnerEndpoint: Sendable, Hashable, Codable {
    /// Unique within the partner; part of the resource address `partner/<id>/endpoint/<name>`.
    public let name: Located<String>
    public let connectionType: Located<EndpointConnectionType>
    public let address: Located<String>
    public let payloadMimeTypes: [Located<String>]

    public init(
        name: Located<String>, connectionType: Located<EndpointConnectionType>, address: Located<String>,
        payloadMimeTypes: [Located<String>]
    ) {
        self.name = name
        self.connectionType = connectionType
        self.address = address
        self.payloadMimeTypes = payloadMimeTypes
    }
}
