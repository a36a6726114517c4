import Foundation
import OnboardSpec

/// One partner as the engine sees it: plain, already-valid values resolved against its template. Built once from
/// the located spec at the boundary (`EngineInput`); the engine needs no file position, because validation reported
/// every problem before it ran — except where the partner adopts existing objects, which only the platform can
/// refuse, at plan time, at the line that names them.
public struct PartnerInput: Sendable, Hashable {
    public let id: String
    public let name: String
    public let status: PartnerStatus
    public let kind: PartnerKind
    public let identifiers: [Identifier]
    public let contacts: [Contact]
    public let endpoints: [Endpoint]
    /// SMART v2 scopes in the order declared.
    public let scopes: [SmartScope]
    public let auth: AuthMethod
    /// The partner's public keys (the JWKS file), for `private_key_jwt`.
    public let jwks: JSONValue?
    /// Or its published JWKS URL, where the partner file gives it (plan reads it and reports there).
    public let jwksURI: Located<String>?
    /// The partner's CSR; nil when onboard generates the key.
    public let csrPEM: String?
    public let validityDays: Int
    /// nil renews at a third of the lifetime.
    public let renewBeforeDays: Int?
    /// Existing platform objects it takes over (`spec.adopt`).
    public var adoptions: [AdoptionTarget]
    /// An existing certificate it takes over (`spec.adopt.certificate`).
    public let adoptedCertificate: AdoptedCertificateDocument?
    /// The services it offers, each a `HealthcareService` it provides.
    public let services: [ServiceInput]
    /// The service ids it may refer to (`spec.referrals.sendTo`), in file order.
    public let referralTargets: [String]
    /// Its access grants (`spec.grants`), ended ones included: their Consents stay, inactive.
    public let grants: [GrantInput]

    public init(
        id: String, name: String, status: PartnerStatus, kind: PartnerKind, identifiers: [Identifier] = [],
        contacts: [Contact] = [], endpoints: [Endpoint] = [], scopes: [SmartScope], auth: AuthMethod,
        jwks: JSONValue? = nil, jwksURI: Located<String>? = nil, csrPEM: String? = nil, validityDays: Int,
        renewBeforeDays: Int? = nil, adoptions: [AdoptionTarget] = [],
        adoptedCertificate: AdoptedCertificateDocument? = nil, services: [ServiceInput] = [],
        referralTargets: [String] = [], grants: [GrantInput] = []
    ) {
        self.grants = grants
        self.services = services
        self.referralTargets = referralTargets
        self.adoptions = adoptions
        self.adoptedCertificate = adoptedCertificate
        self.id = id
        self.name = name
        self.status = status
        self.kind = kind
        self.identifiers = identifiers
        self.contacts = contacts
        self.endpoints = endpoints
        self.scopes = scopes
        self.auth = auth
        self.jwks = jwks
        self.jwksURI = jwksURI
        self.csrPEM = csrPEM
        self.validityDays = validityDays
        self.renewBeforeDays = renewBeforeDays
    }

    /// A real-world identifier (NPI, CLIA): system and value.
    public struct Identifier: Sendable, Hashable {
        public let system: String
        public let value: String

        public init(system: String, value: String) {
            self.system = system
            self.value = value
        }
    }

    /// The scopes its client holds at `now`: the declared ones, then those of every grant that has not ended (one
    /// not begun yet included, so a token works from the first second of its window; the gateway holds it to the
    /// window by its own clock).
    public func registeredScopes(at now: Date) -> [SmartScope] {
        scopes + grants.filter { !$0.hasEnded(at: now) }.flatMap(\.scopes)
    }

    public struct Contact: Sendable, Hashable {
        public let name: String
        public let email: String?
        public let phone: String?

        public init(name: String, email: String?, phone: String?) {
            self.name = name
            self.email = email
            self.phone = phone
        }
    }

    public struct Endpoint: Sendable, Hashable {
        public let name: String
        public let connectionType: EndpointConnectionType
        public let address: String
        public let payloadMimeTypes: [String]

        public init(name: String, connectionType: EndpointConnectionType, address: String, payloadMimeTypes: [String]) {
            self.name = name
            self.connectionType = connectionType
            self.address = address
            self.payloadMimeTypes = payloadMimeTypes
        }
    }
}

/// What a partner's template says about partners of its kind that reaches the platform: the directory codings and
/// the description its CapabilityStatement carries.
public struct PartnerKind: Sendable, Hashable {
    public let description: String
    public let organizationType: PlainCoding
    public let affiliationRole: PlainCoding

    public init(description: String, organizationType: PlainCoding, affiliationRole: PlainCoding) {
        self.description = description
        self.organizationType = organizationType
        self.affiliationRole = affiliationRole
    }
}

/// A FHIR Coding with plain values.
public struct PlainCoding: Sendable, Hashable {
    public let system: String
    public let code: String
    public let display: String?

    public init(system: String, code: String, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }
}
