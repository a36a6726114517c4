/// Platform objects that exist already — made by hand before onboard — which a partner file takes over in place
/// (`spec.adopt`), like Terraform's import blocks: reviewable in a pull request, planned as `import`, and never
/// recreated, so ids, client ids and the partner's working setup are kept. Each reference keeps where it was written,
/// because whether it may be adopted is only known once the platform is read, at plan time.
public struct PartnerAdoption: Sendable, Hashable, Codable {
    /// `Organization/<id>`.
    public let organization: Located<String>?
    /// `Endpoint/<id>` per endpoint name of the spec.
    public let endpoints: [Endpoint]
    /// `OrganizationAffiliation/<id>`.
    public let affiliation: Located<String>?
    public let client: Client?
    /// `HealthcareService/<id>` per service id of the spec.
    public let services: [Service]
    /// A PEM file beside the partner file: a certificate the hospital's CA issued to the partner, kept until it is
    /// due for renewal.
    public let certificate: Located<String>?
    /// Where `adopt:` is written.
    public let location: SourceLocation

    public init(
        organization: Located<String>?, endpoints: [Endpoint], affiliation: Located<String>?, client: Client?,
        certificate: Located<String>?, location: SourceLocation, services: [Service] = []
    ) {
        self.services = services
        self.organization = organization
        self.endpoints = endpoints
        self.affiliation = affiliation
        self.client = client
        self.certificate = certificate
        self.location = location
    }

    /// The platform objects named — Organization, Endpoints, affiliation, client id — each where it is written
    /// (the certificate is a file, not a platform object). `onboard import` leaves out what a file adopts already.
    public var references: [Located<String>] {
        [organization, affiliation, client?.id].compactMap { $0 } + endpoints.map(\.reference)
            + services.map(\.reference)
    }

    /// One service of the spec and the existing HealthcareService it takes over (which referrals then name by its
    /// own id).
    public struct Service: Sendable, Hashable, Codable {
        public let id: Located<String>
        public let reference: Located<String>

        public init(id: Located<String>, reference: Located<String>) {
            self.id = id
            self.reference = reference
        }
    }

    /// One endpoint of the spec and the existing Endpoint it takes over.
    public struct Endpoint: Sendable, Hashable, Codable {
        public let name: Located<String>
        public let reference: Located<String>

        public init(name: Located<String>, reference: Located<String>) {
            self.name = name
            self.reference = reference
        }
    }

    /// An OAuth client registered by hand, and how onboard gets the right to manage it: the RFC 7592 registration
    /// access token in the environment variable `registrationTokenEnv` names, or — without one — the authorization
    /// server's administration API (`targets.clients.scopeAdministration`).
    public struct Client: Sendable, Hashable, Codable {
        public let id: Located<String>
        public let registrationTokenEnv: Located<String>?

        public init(id: Located<String>, registrationTokenEnv: Located<String>?) {
            self.id = id
            self.registrationTokenEnv = registrationTokenEnv
        }
    }
}
