import OnboardSpec

/// A service the hospital or a partner offers, as the engine sees it: it becomes a `HealthcareService` whose id is
/// the service id, so referrals name it as `HealthcareService/<id>` and the gateway can check them by that name.
public struct ServiceInput: Sendable, Hashable {
    public let id: String
    public let name: String
    public let type: PlainCoding
    public let specialty: PlainCoding?
    public let acceptsReferrals: Bool
    public let notes: String?

    public init(
        id: String, name: String, type: PlainCoding, specialty: PlainCoding? = nil, acceptsReferrals: Bool,
        notes: String? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.specialty = specialty
        self.acceptsReferrals = acceptsReferrals
        self.notes = notes
    }

    init(_ service: ServiceDeclaration) {
        self.init(
            id: service.id.value, name: service.name.value, type: PlainCoding(service.type),
            specialty: service.specialty.map(PlainCoding.init), acceptsReferrals: service.acceptsReferrals.value,
            notes: service.notes?.value)
    }
}
