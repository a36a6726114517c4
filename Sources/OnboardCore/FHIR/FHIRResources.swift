import OnboardSpec

/// FHIR R4 builders for the directory entries of one partner. Pure functions of the partner (with its kind) and the
/// deployment; dates that must not change on every run are passed in.
public enum FHIRResources {
    public static func coding(_ coding: PlainCoding) -> JSONValue {
        var object: [String: JSONValue] = ["system": .string(coding.system), "code": .string(coding.code)]
        if let display = coding.display { object["display"] = .string(display) }
        return .object(object)
    }

    public static func organization(_ partner: PartnerInput, ids: DirectoryIDs, deployment: String) -> JSONValue {
        var identifiers = [OwnershipMarks.identifier(partner.id)]
        identifiers += partner.identifiers.map { ["system": .string($0.system), "value": .string($0.value)] }
        let contacts: [JSONValue] = partner.contacts.map { contact in
            var telecom: [JSONValue] = []
            if let email = contact.email { telecom.append(["system": "email", "value": .string(email)]) }
            if let phone = contact.phone { telecom.append(["system": "phone", "value": .string(phone)]) }
            return ["name": ["text": .string(contact.name)], "telecom": .array(telecom)]
        }
        var resource: [String: JSONValue] = [
            "resourceType": "Organization",
            "id": .string(ids.organization),
            "meta": OwnershipMarks.meta(deployment),
            "identifier": .array(identifiers),
            "active": .bool(partner.status != .offboarded),
            "type": [["coding": [coding(partner.kind.organizationType)]]],
            "name": .string(partner.name),
            "contact": .array(contacts),
        ]
        if !partner.endpoints.isEmpty {
            resource["endpoint"] = .array(partner.endpoints.map { endpointReference(ids, $0.name) })
        }
        return .object(resource)
    }

    public static func endpoint(
        _ partner: PartnerInput, _ endpoint: PartnerInput.Endpoint, ids: DirectoryIDs, deployment: String
    ) -> JSONValue {
        let status: String =
            switch partner.status {
            case .active: "active"
            case .suspended: "suspended"
            case .offboarded: "off"
            }
        var resource: [String: JSONValue] = [
            "resourceType": "Endpoint",
            "id": .string(ids.endpoint(endpoint.name)),
            "meta": OwnershipMarks.meta(deployment),
            "identifier": [OwnershipMarks.identifier("\(partner.id)/\(endpoint.name)")],
            "status": .string(status),
            "connectionType": [
                "system": .string(EndpointConnectionType.system), "code": .string(endpoint.connectionType.rawValue),
            ],
            "name": .string("\(partner.name) — \(endpoint.name)"),
            "managingOrganization": ["reference": .string("Organization/\(ids.organization)")],
            "payloadType": anyPayload,
            "address": .string(endpoint.address),
        ]
        if !endpoint.payloadMimeTypes.isEmpty {
            resource["payloadMimeType"] = .array(endpoint.payloadMimeTypes.map { .string($0) })
        }
        return .object(resource)
    }

    /// The hospital ↔ partner affiliation; `start` is the day it was first applied, `end` the offboarding day;
    /// `services`: the HealthcareService ids the partner may refer to (its routes).
    public static func affiliation(
        _ partner: PartnerInput, ids: DirectoryIDs, deployment: DeploymentInput, start: String, end: String?,
        services: [String]? = nil
    ) -> JSONValue {
        var period: [String: JSONValue] = ["start": .string(start)]
        if let end { period["end"] = .string(end) }
        var resource: [String: JSONValue] = [
            "resourceType": "OrganizationAffiliation",
            "id": .string(ids.affiliation),
            "meta": OwnershipMarks.meta(deployment.name),
            "identifier": [OwnershipMarks.identifier(partner.id)],
            "active": .bool(partner.status != .offboarded),
            "period": .object(period),
            "organization": hospital(deployment),
            "participatingOrganization": ["reference": .string("Organization/\(ids.organization)")],
            "code": [["coding": [coding(partner.kind.affiliationRole)]]],
        ]
        if !partner.endpoints.isEmpty {
            resource["endpoint"] = .array(partner.endpoints.map { endpointReference(ids, $0.name) })
        }
        let routes = services ?? partner.referralTargets
        if !routes.isEmpty && partner.status != .offboarded {
            resource["healthcareService"] = HealthcareServiceBuilder.references(routes)
        }
        return .object(resource)
    }

    /// The hospital as the other side of the network: its name and identifier (onboard writes no Organization for it).
    static func hospital(_ deployment: DeploymentInput) -> JSONValue {
        var hospital: [String: JSONValue] = ["display": .string(deployment.hospitalName)]
        if let identifier = deployment.hospitalIdentifier {
            hospital["identifier"] = ["system": .string(identifier.system), "value": .string(identifier.value)]
        }
        return .object(hospital)
    }

    /// `Endpoint.payloadType` (1..*) for endpoints that carry any FHIR payload.
    static let anyPayload: JSONValue = [
        [
            "coding": [
                [
                    "system": "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code": "any",
                    "display": "Any",
                ]
            ]
        ]
    ]

    static func endpointReference(_ ids: DirectoryIDs, _ name: String) -> JSONValue {
        ["reference": .string("Endpoint/\(ids.endpoint(name))")]
    }
}
