import OnboardSpec

/// Everything the engine plans from, as plain values: the deployment and its partners, each resolved against its
/// template. The one place Core reads Spec's located model; built once per run, after validation passed.
public struct EngineInput: Sendable {
    public var deployment: DeploymentInput
    public let partners: [PartnerInput]

    public init(deployment: DeploymentInput, partners: [PartnerInput]) {
        self.deployment = deployment
        self.partners = partners
    }

    /// The input of a validated network. A partner whose template is missing (validation reports it) is left out.
    public init(network: PartnerNetwork, deployment: Deployment) {
        self.init(
            deployment: DeploymentInput(deployment),
            partners: network.partners.compactMap { partner in
                network.templates[partner.spec.template.value].map { PartnerInput(partner, template: $0) }
            }
        )
    }
}

extension DeploymentInput {
    public init(_ deployment: Deployment) {
        self.init(
            name: deployment.name.value, hospitalName: deployment.hospital.name.value,
            hospitalIdentifier: deployment.hospital.identifiers.first.map(PartnerInput.Identifier.init),
            fhirBaseURL: deployment.platform.fhirBaseURL.value, tokenURL: deployment.platform.tokenURL.value,
            gatewayURL: deployment.platform.gatewayURL.value, crlURL: deployment.ca.crlURL,
            mtlsTokenURL: deployment.platform.tokens?.mtlsTokenUpstream.map { _ in
                Self.trimmed(deployment.platform.gatewayURL.value) + TokenCheckSettings.mtlsTokenPath
            },
            services: deployment.services.map(ServiceInput.init)
        )
    }

    static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

extension PartnerInput {
    public init(_ partner: Partner, template: PartnerTemplate) {
        let spec = partner.spec
        self.init(
            id: partner.id, name: partner.metadata.name.value, status: spec.status.value,
            kind: PartnerKind(template),
            identifiers: spec.identifiers.map(Identifier.init),
            contacts: spec.contacts.map {
                Contact(name: $0.name.value, email: $0.email?.value, phone: $0.phone?.value)
            },
            endpoints: spec.endpoints.map {
                Endpoint(
                    name: $0.name.value, connectionType: $0.connectionType.value, address: $0.address.value,
                    payloadMimeTypes: $0.payloadMimeTypes.map(\.value)
                )
            },
            scopes: spec.access.scopes.map(\.value), auth: spec.access.auth.value,
            jwks: partner.documents.jwks.flatMap { try? JSONValue.parse($0.json) }, jwksURI: spec.access.jwksURI,
            csrPEM: partner.documents.csr?.pem, validityDays: spec.certificate.validityDays.value,
            renewBeforeDays: spec.certificate.renewBeforeDays?.value, adoptions: Self.adoptions(partner),
            adoptedCertificate: partner.documents.adoptedCertificate,
            services: spec.services.map(ServiceInput.init),
            referralTargets: spec.referrals?.sendTo.map(\.value) ?? [],
            grants: spec.grants.map(GrantInput.init)
        )
    }

    /// The objects `spec.adopt` names, at the addresses they become. Clients get their management secret from the
    /// environment later (`resolvingClientSecret`), at the composition root.
    static func adoptions(_ partner: Partner) -> [AdoptionTarget] {
        guard let adopt = partner.spec.adopt else { return [] }
        let id = partner.id
        var targets: [AdoptionTarget] = []
        func add(_ address: ResourceAddress, _ reference: Located<String>?, _ field: String) {
            guard let reference else { return }
            targets.append(
                AdoptionTarget(
                    address: address, platformID: reference.value, location: reference.location, field: field))
        }
        add(ResourceAddress(partner: id, .organization), adopt.organization, "spec.adopt.organization")
        for endpoint in adopt.endpoints {
            add(
                ResourceAddress(partner: id, .endpoint, name: endpoint.name.value), endpoint.reference,
                "spec.adopt.endpoints.\(endpoint.name.value)")
        }
        for service in adopt.services {
            add(
                ResourceAddress(partner: id, .service, name: service.id.value), service.reference,
                "spec.adopt.services.\(service.id.value)")
        }
        add(ResourceAddress(partner: id, .affiliation), adopt.affiliation, "spec.adopt.affiliation")
        add(ResourceAddress(partner: id, .client), adopt.client?.id, "spec.adopt.client")
        return targets
    }

    /// The partner with its adopted client's management secret (see `AdoptionTarget.secret`).
    public func resolvingClientSecret(_ secret: String) -> PartnerInput {
        var partner = self
        partner.adoptions = adoptions.map {
            $0.address.kind == .client
                ? AdoptionTarget(
                    address: $0.address, platformID: $0.platformID, location: $0.location, field: $0.field,
                    secret: secret)
                : $0
        }
        return partner
    }
}

extension PartnerInput.Identifier {
    init(_ identifier: BusinessIdentifier) {
        self.init(system: identifier.system.value, value: identifier.value.value)
    }
}

extension PlainCoding {
    init(_ coding: Coding) {
        self.init(system: coding.system.value, code: coding.code.value, display: coding.display?.value)
    }
}
