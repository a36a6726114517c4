/// A partner's effective specification: its own file deep-merged over its template's defaults. Values taken from the
/// template keep the template file's location.
public struct PartnerSpec: Sendable, Hashable, Codable {
    public let template: Located<String>
    public let status: Located<PartnerStatus>
    public let identifiers: [BusinessIdentifier]
    public let contacts: [Contact]
    public let endpoints: [PartnerEndpoint]
    public let access: PartnerAccess
    public let certificate: CertificateRequest
    /// Existing platform objects this partner takes over (`spec.adopt`); nil when it has none.
    public let adopt: PartnerAdoption?
    /// Services it offers (template: `services.mayProvide`).
    public let services: [ServiceDeclaration]
    /// Where it may refer (template: `referrals.maySend`); nil when it sends no referrals.
    public let referrals: PartnerReferrals?
    /// Time-bound, patient-specific access (template: `grants`), in file order.
    public let grants: [GrantDeclaration]

    public init(
        template: Located<String>, status: Located<PartnerStatus>, identifiers: [BusinessIdentifier],
        contacts: [Contact], endpoints: [PartnerEndpoint], access: PartnerAccess, certificate: CertificateRequest,
        adopt: PartnerAdoption? = nil, services: [ServiceDeclaration] = [], referrals: PartnerReferrals? = nil,
        grants: [GrantDeclaration] = []
    ) {
        self.grants = grants
        self.services = services
        self.referrals = referrals
        self.template = template
        self.status = status
        self.identifiers = identifiers
        self.contacts = contacts
        self.endpoints = endpoints
        self.access = access
        self.certificate = certificate
        self.adopt = adopt
    }
}
