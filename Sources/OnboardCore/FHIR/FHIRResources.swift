import OnboardSpec

/// FHIR R4 builders for the directory entries of one partner. Pure functions of the partner, its template and the
/// deployment; dates that must not change on every run are passed in.
public enum FHIRResources {
    public static func coding(_ coding: Coding) -> JSONValue {
        var object: [String: JSONValue] = ["system": .string(coding.system.value), "code": .string(coding.code.value)]
        if let display = coding.display { object["display"] = .string(display.value) }
        return .object(object)
    }

    public static func organization(_ partner: Partner, template: PartnerTemplate, deployment: String) -> JSONValue {
        var identifiers = [OwnershipMarks.identifier(partner.id)]
        identifiers += partner.spec.identifiers.map { ["system": .string($0.system.value), "value": .string($0.value.value)] }
        let contacts: [JSONValue] = partner.spec.contacts.map { contact in
            var telecom: [JSONValue] = []
            if let email = contact.email { telecom.append(["system": "email", "value": .string(email.value)]) }
            if let phone = contact.phone { telecom.append(["system": "phone", "value": .string(phone.value)]) }
            return ["name": ["text": .string(contact.name.value)], "telecom": .array(telecom)]
        }
        var resource: [String: JSONValue] = [
            "resourceType": "Organization",
            "id": .string(FHIRIDs.organization(partner.id)),
            "meta": OwnershipMarks.meta(deployment),
            "identifier": .array(identifiers),
            "active": .bool(partner.spec.status.value != .offboarded),
            "type": [["coding": [coding(template.organizationType)]]],
            "name": .string(partner.metadata.name.value),
            "contact": .array(contacts),
        ]
        if !partner.spec.endpoints.isEmpty {
            resource["endpoint"] = .array(partner.spec.endpoints.map { endpointReference(partner.id, $0.name.value) })
        }
        return .object(resource)
    }

    public static func endpoint(_ partner: Partner, _ endpoint: PartnerEndpoint, deployment: String) -> JSONValue {
        let status: String = switch partner.spec.status.value {
        case .active: "active"
        case .suspended: "suspended"
        case .offboarded: "off"
        }
        var resource: [String: JSONValue] = [
            "resourceType": "Endpoint",
            "id": .string(FHIRIDs.endpoint(partner.id, endpoint.name.value)),
            "meta": OwnershipMarks.meta(deployment),
            "identifier": [OwnershipMarks.identifier("\(partner.id)/\(endpoint.name.value)")],
            "status": .string(status),
            "connectionType": [
                "system": .string(EndpointConnectionType.system), "code": .string(endpoint.connectionType.value.rawValue),
            ],
            "name": .string("\(partner.metadata.name.value) — \(endpoint.name.value)"),
            "managingOrganization": ["reference": .string("Organization/\(FHIRIDs.organization(partner.id))")],
            "payloadType": [[
                "coding": [[
                    "system": "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code": "any",
                    "display": "Any",
                ]],
            ]],
            "address": .string(endpoint.address.value),
        ]
        if !endpoint.payloadMimeTypes.isEmpty {
            resource["payloadMimeType"] = .array(endpoint.payloadMimeTypes.map { .string($0.value) })
        }
        return .object(resource)
    }

    /// The hospital ↔ partner affiliation; `start` is the day it was first applied, `end` the offboarding day.
    public static func affiliation(
        _ partner: Partner, template: PartnerTemplate, deployment: Deployment, start: String, end: String?
    ) -> JSONValue {
        var period: [String: JSONValue] = ["start": .string(start)]
        if let end { period["end"] = .string(end) }
        var hospital: [String: JSONValue] = ["display": .string(deployment.hospital.name.value)]
        if let identifier = deployment.hospital.identifiers.first {
            hospital["identifier"] = ["system": .string(identifier.system.value), "value": .string(identifier.value.value)]
        }
        var resource: [String: JSONValue] = [
            "resourceType": "OrganizationAffiliation",
            "id": .string(FHIRIDs.affiliation(partner.id)),
            "meta": OwnershipMarks.meta(deployment.name.value),
            "identifier": [OwnershipMarks.identifier(partner.id)],
            "active": .bool(partner.spec.status.value != .offboarded),
            "period": .object(period),
            "organization": .object(hospital),
            "participatingOrganization": ["reference": .string("Organization/\(FHIRIDs.organization(partner.id))")],
            "code": [["coding": [coding(template.affiliationRole)]]],
        ]
        if !partner.spec.endpoints.isEmpty {
            resource["endpoint"] = .array(partner.spec.endpoints.map { endpointReference(partner.id, $0.name.value) })
        }
        return .object(resource)
    }

    static func endpointReference(_ partner: String, _ name: String) -> JSONValue {
        ["reference": .string("Endpoint/\(FHIRIDs.endpoint(partner, name))")]
    }
}
