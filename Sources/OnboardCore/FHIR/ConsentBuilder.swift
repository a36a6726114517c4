import Foundation
import OnboardSpec

/// FHIR R4 `Consent` recording an access grant: the hospital (organization) permits the partner's Organization
/// (actor, role IRCP: information recipient) to access one patient's records of the granted types (class) for a
/// purpose, within a period. Active until the grant ends, is withdrawn from the file or its partner is offboarded;
/// then inactive, and kept as the record of what was allowed.
public enum ConsentBuilder {
    public static func build(
        _ grant: GrantInput, partner: PartnerInput, organization: String, active: Bool, deployment: DeploymentInput
    ) -> JSONValue {
        var resource: [String: JSONValue] = [
            "resourceType": "Consent",
            "id": .string(FHIRIDs.consent(partner.id, grant.id)),
            "meta": OwnershipMarks.meta(deployment.name),
            "identifier": [OwnershipMarks.identifier("\(partner.id)/grant/\(grant.id)")],
            "status": active ? "active" : "inactive",
            "scope": [
                "coding": [
                    [
                        "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy",
                        "display": "Privacy Consent",
                    ]
                ]
            ],
            "category": [["coding": [["system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"]]]],
            "patient": ["reference": .string(grant.patient)],
            "dateTime": .string(UTCInstant.text(grant.from)),
            "organization": [FHIRResources.hospital(deployment)],
            "policyRule": [
                "coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"]],
                "text": .string("onboard grant \(grant.id) of deployment \(deployment.name)"),
            ],
            "provision": [
                "type": "permit",
                "period": [
                    "start": .string(UTCInstant.text(grant.from)), "end": .string(UTCInstant.text(grant.until)),
                ],
                "actor": [
                    [
                        "role": [
                            "coding": [
                                [
                                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                    "code": "IRCP", "display": "information recipient",
                                ]
                            ]
                        ],
                        "reference": ["reference": .string("Organization/\(organization)"), "display": .string(partner.name)],
                    ]
                ],
                "action": [
                    ["coding": [["system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "access"]]]
                ],
                "class": .array(
                    grant.resources.map { ["system": "http://hl7.org/fhir/resource-types", "code": .string($0)] }),
                "purpose": [["system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": .string(grant.purpose)]],
            ],
        ]
        // R4 Consent has no basedOn: the event pattern's core extension names the referral that asked for access.
        if let basis = grant.basis {
            resource["extension"] = [
                [
                    "url": "http://hl7.org/fhir/StructureDefinition/event-basedOn",
                    "valueReference": ["reference": .string(basis)],
                ]
            ]
        }
        return .object(resource)
    }

    /// A recorded Consent made inactive: a grant withdrawn from its partner's file keeps its record.
    public static func withdrawn(_ recorded: JSONValue) -> JSONValue {
        guard case .object(var resource) = recorded else { return recorded }
        resource["status"] = "inactive"
        return .object(resource)
    }

    /// Whether a Consent document is active.
    public static func isActive(_ document: JSONValue?) -> Bool { document?["status"]?.stringValue == "active" }
}
