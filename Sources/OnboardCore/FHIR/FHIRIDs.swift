/// Logical ids of the resources onboard writes; FHIR ids allow `[A-Za-z0-9\-\.]{1,64}`, which partner and endpoint
/// names satisfy.
public enum FHIRIDs {
    public static func organization(_ partner: String) -> String { partner }
    public static func endpoint(_ partner: String, _ name: String) -> String { String("\(partner)-\(name)".prefix(64)) }
    public static func affiliation(_ partner: String) -> String { String("\(partner)-affiliation".prefix(64)) }
    public static func gatewayEndpoint(_ deployment: String) -> String { String("\(deployment)-gateway".prefix(64)) }
    public static func consent(_ partner: String, _ grant: String) -> String { String("\(partner)-\(grant)".prefix(64)) }
    public static func capability(_ partner: String) -> String { String("\(partner)-capability".prefix(64)) }
}
