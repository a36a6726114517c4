import OnboardSpec

/// Derives a partner's CapabilityStatement (`kind: requirements`, `rest.mode: client`) from its scopes: one
/// `rest.resource` per resource type, exactly the interactions the scope letters allow, and a `searchParam` for every
/// query restriction. A suspended partner's statement lists nothing it may do; an offboarded one is retired.
public enum CapabilityStatementBuilder {
    /// Types of the search parameters scopes commonly restrict on; others default to token.
    static let parameterTypes: [String: String] = [
        "patient": "reference", "subject": "reference", "encounter": "reference", "performer": "reference",
        "date": "date", "authored": "date", "issued": "date", "_lastUpdated": "date",
        "category": "token", "code": "token", "status": "token", "type": "token", "identifier": "token",
    ]

    public static func build(
        _ partner: PartnerInput, deployment: DeploymentInput, date: String
    ) -> JSONValue {
        let status = partner.status
        var rest: [String: JSONValue] = [
            "mode": "client",
            "security": [
                "service": [
                    [
                        "coding": [
                            [
                                "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                "code": "SMART-on-FHIR",
                            ]
                        ]
                    ]
                ],
                "description": .string(securityDescription(partner)),
            ],
        ]
        let resources = status == .active ? restResources(partner.scopes) : []
        if !resources.isEmpty { rest["resource"] = .array(resources) }
        if status == .active, partner.scopes.contains(where: { $0.resourceType == nil }) {
            rest["documentation"] = .string(
                "Wildcard scopes: "
                    + partner.scopes.filter { $0.resourceType == nil }
                    .map(\.description).joined(separator: ", ")
            )
        }
        if status == .suspended { rest["documentation"] = "Suspended: no interaction is currently allowed." }
        return [
            "resourceType": "CapabilityStatement",
            "id": .string(FHIRIDs.capability(partner.id)),
            "meta": OwnershipMarks.meta(deployment.name),
            "url": .string(OwnershipMarks.capabilityURL(deployment: deployment.name, partner: partner.id)),
            "name": .string(computableName(partner.id)),
            "title": .string("What \(partner.name) may do on the \(deployment.hospitalName) platform"),
            "status": .string(status == .offboarded ? "retired" : "active"),
            "date": .string(date),
            "publisher": .string(deployment.hospitalName),
            "description": .string(
                "\(partner.kind.description). Derived by onboard from the partner's SMART scopes: "
                    + RegisteredScope.string(partner.scopes)
            ),
            "kind": "requirements",
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json"],
            "rest": [.object(rest)],
        ]
    }

    /// The order interactions are listed in.
    static let interactionOrder = [
        "create", "read", "vread", "history-instance", "update", "patch", "delete", "search-type", "history-type",
    ]

    /// One entry per resource type, search parameters from query restrictions. The interactions are those the gateway
    /// lets through (`GatewayInteraction.granted(by:)`, scope by scope), so the statement says exactly what the
    /// partner may do: a restricted scope grants searches only, PATCH needs read as well.
    static func restResources(_ scopes: [SmartScope]) -> [JSONValue] {
        var granted: [String: Set<String>] = [:]
        var parameters: [String: [ScopeQueryParameter]] = [:]
        for scope in scopes {
            guard let type = scope.resourceType else { continue }
            granted[type, default: []].formUnion(GatewayInteraction.granted(by: scope).map(\.code))
            for parameter in scope.query where !(parameters[type]?.contains(parameter) ?? false) {
                parameters[type, default: []].append(parameter)
            }
        }
        return granted.keys.sorted().map { type in
            var resource: [String: JSONValue] = [
                "type": .string(type),
                "interaction": .array(interactionOrder.filter(granted[type]!.contains).map { ["code": .string($0)] }),
            ]
            if let restrictions = parameters[type] {
                resource["searchParam"] = .array(
                    restrictions.map { parameter in
                        [
                            "name": .string(parameter.name),
                            "type": .string(parameterTypes[parameter.name] ?? "token"),
                            "documentation": .string("Access is restricted to \(parameter.name)=\(parameter.value)"),
                        ]
                    })
            }
            return .object(resource)
        }
    }

    static func securityDescription(_ partner: PartnerInput) -> String {
        switch partner.auth {
        case .privateKeyJWT:
            "SMART Backend Services: client_credentials with a private_key_jwt assertion (RS384 or ES384), over mutual TLS"
        case .tlsClientAuth:
            "client_credentials with RFC 8705 tls_client_auth: the client is bound to its mTLS certificate"
        }
    }

    /// `PartnerCapability_NorthsideLab`: CapabilityStatement.name must be computer-friendly.
    static func computableName(_ id: String) -> String {
        "PartnerCapability_" + id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
