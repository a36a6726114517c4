/// A service the hospital (`spec.services` in onboard.yaml) or a partner offers — a specialist's consults, a
/// laboratory's tests — published as a FHIR `HealthcareService`. Referrals are addressed to a service, never to an
/// organization, so the gateway can tell who may receive what.
public struct ServiceDeclaration: Sendable, Hashable, Codable {
    /// Unique across the whole network (the hospital's and every partner's services): the HealthcareService's id,
    /// so `Task.owner` and `ServiceRequest.performer` name it as `HealthcareService/<id>`.
    public let id: Located<String>
    public let name: Located<String>
    public let type: Coding
    public let specialty: Coding?
    /// Whether other partners may refer to it (`referralMethod` `elec`); a service that does not is listed only.
    public let acceptsReferrals: Located<Bool>
    public let notes: Located<String>?

    public init(
        id: Located<String>, name: Located<String>, type: Coding, specialty: Coding?, acceptsReferrals: Located<Bool>,
        notes: Located<String>?
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.specialty = specialty
        self.acceptsReferrals = acceptsReferrals
        self.notes = notes
    }
}
