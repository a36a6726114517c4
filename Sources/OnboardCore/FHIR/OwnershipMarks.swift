import OnboardSpec

/// How onboard marks what it owns on the platform (DESIGN §3): a `meta.tag` with the deployment, a business identifier
/// with the partner (and endpoint), and for OAuth clients a `software_id`. Anything without these is never touched.
public enum OwnershipMarks {
    public static let tagSystem = "urn:onboard:deployment"
    public static let identifierSystem = "urn:onboard:partner"

    public static func meta(_ deployment: String) -> JSONValue {
        ["tag": [["system": .string(tagSystem), "code": .string(deployment)]]]
    }

    /// The onboard deployments whose tag a FHIR resource carries (this one's, another's, or none).
    public static func deployments(tagging resource: JSONValue) -> [String] {
        (resource["meta"]?["tag"]?.arrayValue ?? []).compactMap {
            $0["system"]?.stringValue == tagSystem ? $0["code"]?.stringValue : nil
        }
    }

    public static func identifier(_ value: String) -> JSONValue {
        ["system": .string(identifierSystem), "value": .string(value)]
    }

    public static func softwareID(deployment: String, partner: String) -> String {
        "onboard:\(deployment):\(partner)"
    }

    /// The canonical URL naming a partner's CapabilityStatement (R4 CapabilityStatement has no identifier).
    public static func capabilityURL(deployment: String, partner: String) -> String {
        "urn:onboard:partner:\(deployment):\(partner):capability"
    }
}
