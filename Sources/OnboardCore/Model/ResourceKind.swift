/// The kinds of resource onboard manages, in the order they are created (removals go in reverse).
public enum ResourceKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case certificate
    case client
    /// A client of this deployment the authorization server holds and state does not know; only ever deleted.
    case orphanClient = "orphan-client"
    case organization
    case endpoint
    /// A `HealthcareService`: a partner's (`partner/<id>/service/<service>`) or the hospital's (`hospital/service/…`).
    case service
    case affiliation
    case capability
    /// A `Consent` recording an access grant (`partner/<id>/grant/<grant>`): inactive once the grant has ended or left
    /// the file, never deleted.
    case grant
    case gateway
    case crl

    /// The kinds kept in the FHIR directory.
    public static let directory: Set<ResourceKind> = [
        .organization, .endpoint, .service, .affiliation, .capability, .grant,
    ]

    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.order < rhs.order }
}
