/// The FHIR ids of one partner's directory entries: onboard's own (`FHIRIDs`) for what it creates, those of the objects
/// a partner file adopts for what it takes over — and, once adopted, the ids state recorded, so `spec.adopt` may be
/// removed from the file without anything moving.
public struct DirectoryIDs: Sendable, Hashable {
    public let organization: String
    public let affiliation: String
    private let partner: String
    private let endpoints: [String: String]

    public init(
        partner: String, organization: String? = nil, affiliation: String? = nil, endpoints: [String: String] = [:]
    ) {
        self.partner = partner
        self.organization = organization ?? FHIRIDs.organization(partner)
        self.affiliation = affiliation ?? FHIRIDs.affiliation(partner)
        self.endpoints = endpoints
    }

    /// What a partner's entries are called: recorded ids first, then adopted ones, then onboard's own.
    public static func resolve(_ partner: PartnerInput, recorded: [ResourceAddress: ResourceRecord]) -> DirectoryIDs {
        let adopted = Dictionary(
            partner.adoptions.map { ($0.address, $0.platformID) }, uniquingKeysWith: { first, _ in first })
        func id(_ address: ResourceAddress) -> String? {
            (recorded[address]?.platformID ?? adopted[address]).map(logicalID)
        }
        var endpoints: [String: String] = [:]
        for endpoint in partner.endpoints {
            endpoints[endpoint.name] = id(ResourceAddress(partner: partner.id, .endpoint, name: endpoint.name))
        }
        return DirectoryIDs(
            partner: partner.id, organization: id(ResourceAddress(partner: partner.id, .organization)),
            affiliation: id(ResourceAddress(partner: partner.id, .affiliation)), endpoints: endpoints
        )
    }

    /// `Type/id` → `id` (platform ids of directory resources are their FHIR paths).
    public static func logicalID(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    public func endpoint(_ name: String) -> String { endpoints[name] ?? FHIRIDs.endpoint(partner, name) }
}
