import OnboardSpec

/// FHIR R4 `HealthcareService` for a service the hospital or a partner offers. Its id is the service id (unique
/// across the network), so referrals address it as `HealthcareService/<id>`, and it points at the gateway's FHIR
/// endpoint, where the referrals addressed to it arrive.
public enum HealthcareServiceBuilder {
    /// `id`: the service id, or an adopted HealthcareService's own. `providedBy`: the partner's Organization, or nil
    /// for the hospital (named by its identifier, as in the affiliations). `active`: false once its partner is
    /// suspended or offboarded.
    public static func build(
        _ service: ServiceInput, id: String? = nil, providedBy organization: String?, active: Bool,
        deployment: DeploymentInput
    ) -> JSONValue {
        var resource: [String: JSONValue] = [
            "resourceType": "HealthcareService",
            "id": .string(id ?? service.id),
            "meta": OwnershipMarks.meta(deployment.name),
            "identifier": [OwnershipMarks.identifier("service/\(service.id)")],
            "active": .bool(active),
            "providedBy": organization.map { ["reference": .string("Organization/\($0)")] }
                ?? FHIRResources.hospital(deployment),
            "type": [["coding": [FHIRResources.coding(service.type)]]],
            "name": .string(service.name),
        ]
        if let specialty = service.specialty { resource["specialty"] = [["coding": [FHIRResources.coding(specialty)]]] }
        if let notes = service.notes { resource["comment"] = .string(notes) }
        if service.acceptsReferrals {
            resource["referralMethod"] = [
                [
                    "coding": [
                        [
                            "system": "http://terminology.hl7.org/CodeSystem/service-referral-method", "code": "elec",
                            "display": "Secure Messaging",
                        ]
                    ]
                ]
            ]
            resource["endpoint"] = [["reference": .string("Endpoint/\(FHIRIDs.gatewayEndpoint(deployment.name))")]]
        }
        return .object(resource)
    }

    /// The `Endpoint` every service that accepts referrals points at: the gateway's FHIR base, where partners send
    /// them.
    public static func gatewayEndpoint(_ deployment: DeploymentInput) -> JSONValue {
        [
            "resourceType": "Endpoint",
            "id": .string(FHIRIDs.gatewayEndpoint(deployment.name)),
            "meta": OwnershipMarks.meta(deployment.name),
            "identifier": [OwnershipMarks.identifier("hospital/gateway")],
            "status": "active",
            "connectionType": ["system": .string(EndpointConnectionType.system), "code": "hl7-fhir-rest"],
            "name": .string("\(deployment.hospitalName) — partner gateway"),
            "managingOrganization": FHIRResources.hospital(deployment),
            "payloadType": FHIRResources.anyPayload,
            "payloadMimeType": ["application/fhir+json"],
            "address": .string(DeploymentInput.trimmed(deployment.gatewayURL) + "/fhir"),
        ]
    }

    /// The references an affiliation lists for the services its partner may refer to.
    public static func references(_ ids: [String]) -> JSONValue {
        .array(ids.map { ["reference": .string("HealthcareService/\($0)")] })
    }
}
