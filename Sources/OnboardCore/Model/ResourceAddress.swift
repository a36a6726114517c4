/// A resource's stable name in plans and state: `partner/<id>/certificate`, `partner/<id>/endpoint/<name>`,
/// `gateway/config`, `ca/crl`, and `partner/<id>/orphan-client/<client id>` for a client to remove that state never
/// recorded. The hospital's own resources — its services and the gateway's Endpoint they point at — are
/// `hospital/<kind>/<name>`.
public struct ResourceAddress: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let partnerID: String?
    public let kind: ResourceKind
    /// The endpoint name, for endpoints; the service id, for services; the grant id, for grants; the client id, for
    /// orphan clients.
    public let name: String?

    public init(partner: String, _ kind: ResourceKind, name: String? = nil) {
        self.partnerID = partner
        self.kind = kind
        self.name = name
    }

    private init(global kind: ResourceKind) {
        self.partnerID = nil
        self.kind = kind
        self.name = nil
    }

    /// One of the hospital's own resources (a service, the gateway's Endpoint): no partner's, removed when it
    /// leaves onboard.yaml.
    public init(hospital kind: ResourceKind, name: String) {
        self.partnerID = nil
        self.kind = kind
        self.name = name
    }

    /// The gateway's FHIR Endpoint, which every service that accepts referrals points at.
    public static let gatewayEndpoint = ResourceAddress(hospital: .endpoint, name: "gateway")

    /// Whether this is one of the hospital's own resources (`hospital/…`).
    public var isHospital: Bool { partnerID == nil && name != nil }

    public static let gateway = ResourceAddress(global: .gateway)
    public static let crl = ResourceAddress(global: .crl)

    public var description: String {
        switch kind {
        case .gateway: return "gateway/config"
        case .crl: return "ca/crl"
        case _ where isHospital: return "hospital/\(kind.rawValue)/\(name!)"
        case .endpoint, .orphanClient, .service, .grant: return "partner/\(partnerID!)/\(kind.rawValue)/\(name!)"
        default: return "partner/\(partnerID!)/\(kind.rawValue)"
        }
    }

    /// Parses the text form back (state rows, plan files).
    public init?(_ text: String) {
        // Read for every state row (70,000 at 10,000 partners): split into substrings, one String per kept part.
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        switch parts.count {
        case 2 where text == "gateway/config": self.init(global: .gateway)
        case 2 where text == "ca/crl": self.init(global: .crl)
        case 3 where parts[0] == "partner":
            guard let kind = ResourceKind(rawValue: String(parts[2])),
                ![.endpoint, .orphanClient, .service, .grant, .gateway, .crl].contains(kind)
            else {
                return nil
            }
            self.init(partner: String(parts[1]), kind)
        case 4 where parts[0] == "partner":
            guard let kind = ResourceKind(rawValue: String(parts[2])), [.endpoint, .orphanClient, .service, .grant].contains(kind)
            else { return nil }
            self.init(partner: String(parts[1]), kind, name: String(parts[3]))
        case 3 where parts[0] == "hospital":
            guard let kind = ResourceKind(rawValue: String(parts[1])), [.endpoint, .service].contains(kind) else {
                return nil
            }
            self.init(hospital: kind, name: String(parts[2]))
        default: return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = ResourceAddress(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad address \(text)"))
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Creation order: by kind, then partner, then name.
    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        (lhs.kind.order, lhs.partnerID ?? "", lhs.name ?? "") < (rhs.kind.order, rhs.partnerID ?? "", rhs.name ?? "")
    }
}
