import OnboardSpec
import Testing

@testable import OnboardCore

/// The partner's CapabilityStatement says exactly what the gateway lets through: the interactions come from the same
/// table (`GatewayInteraction`), scope by scope.
@Suite struct CapabilityStatementTests {
    static func interactions(_ scopes: [String]) throws -> [String: [String]] {
        let resources = CapabilityStatementBuilder.restResources(try scopes.map { try SmartScope(parsing: $0) })
        var found: [String: [String]] = [:]
        for resource in resources {
            found[resource["type"]?.stringValue ?? ""] =
                resource["interaction"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
        }
        return found
    }

    @Test func lettersMapToWhatTheGatewayAllows() throws {
        let found = try Self.interactions([
            "system/Patient.rs", "system/Observation.cu", "system/DocumentReference.cru",
            "system/Condition.rs?category=problem-list-item", "system/Encounter.r", "system/Encounter.u",
        ])
        #expect(found["Patient"] == ["read", "vread", "history-instance", "search-type", "history-type"])
        #expect(found["Observation"] == ["create", "update"], "PATCH answers with the resource: it needs read too")
        #expect(found["DocumentReference"] == ["create", "read", "vread", "history-instance", "update", "patch"])
        #expect(found["Condition"] == ["search-type"], "a restricted scope grants searches only")
        #expect(
            found["Encounter"] == ["read", "vread", "history-instance", "update"], "r and u in two scopes: no patch")
    }
}
