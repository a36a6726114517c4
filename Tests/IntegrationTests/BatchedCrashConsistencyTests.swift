import Foundation
import OnboardTestSupport
import Testing

/// SIGKILL at random points of a batched apply on the real platform — while certificates are issued 500 to a CA write,
/// clients registered, FHIR resources written as transaction Bundles (10 entries each here, so a type takes several),
/// the gateway reloaded or the CRL published: whatever the moment, the next apply converges with one certificate per
/// partner and no duplicate client or FHIR resource.
extension LivePlatformTests {
    @Test(
        "20 SIGKILLs at random points of a batched apply: one certificate per partner, no duplicate client or FHIR resource"
    )
    func killedBatchedAppliesConverge() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "      maxConcurrency: 4\n", with: "      maxConcurrency: 4\n      pageSize: 10\n")
        }
        #expect(try onboard(["ca", "init"]).status == 0)
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        let source = try String(
            contentsOf: workspace.root.appendingPathComponent("Partners/okafor-cardiology.yaml"), encoding: .utf8)
        let moments = [
            "/certificate: ", "/client: creating", "/organization: creating", "/organization: done",
            "/affiliation: creating",
            "/capability: creating", "gateway/config: ", "ca/crl: ",
        ]
        var generator = SystemRandomNumberGenerator()
        var kills: [String] = []
        var round = 0
        while kills.count < 20 && round < 40 {
            round += 1
            for index in 1...12 {
                let id = "batch-\(round)-\(index)"
                try workspace.write(
                    "Partners/\(id).yaml", source.replacingOccurrences(of: "okafor-cardiology", with: id))
                try FileManager.default.copyItem(
                    at: workspace.root.appendingPathComponent("Partners/okafor-cardiology.jwks.json"),
                    to: workspace.root.appendingPathComponent("Partners/\(id).jwks.json")
                )
            }
            let moment = moments.randomElement(using: &generator)!
            let delay = Int.random(in: 0...40, using: &generator)
            let prefix = moment.hasPrefix("/") ? "partner/batch-\(round)-" : ""
            let killed = try OnboardBinary.kill(
                ["apply", "--auto-approve"], in: workspace.root, environment: platform.onboardEnvironment,
                milliseconds: delay
            ) { $0.split(separator: "\n").contains { $0.contains(prefix) && $0.contains(moment) } }
            if killed.killed { kills.append("\(moment.trimmingCharacters(in: .whitespaces))+\(delay)ms") }
            let resumed = try onboard(["apply", "--auto-approve"])
            #expect(resumed.status == 0, "round \(round): \(resumed.output)")
            let duplicates = try Self.duplicatedPlatformObjects(platform, workspace: workspace)
            #expect(duplicates.isEmpty, "round \(round), killed at \(moment)+\(delay) ms: \(duplicates)")
            if resumed.status != 0 || !duplicates.isEmpty { break }
        }
        #expect(kills.count >= 20, "only \(kills.count) of \(round) applies were still running when killed")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        // Every apply's audit trail went out in Bundles of 10, the killed ones' too.
        let check = try onboard(["check"])
        #expect(!check.output.contains("audit-pending"), "\(check.output)")
        #expect(try Self.owned(platform, "AuditEvent").count > 10 * round, "AuditEvents of every round")
        let batched = try Self.owned(platform, "Organization").filter {
            ($0["identifier"] as? [[String: Any]] ?? []).contains { ($0["value"] as? String ?? "").hasPrefix("batch-") }
        }
        #expect(batched.count == round * 12, "one Organization per new partner")
        print(
            "crash consistency (batched): \(kills.count) SIGKILLs in \(round) rounds of 12 new partners, at \(kills.joined(separator: ", "))"
        )
    }

    /// What the platform and the CA hold twice for one partner: certificates in the CA inventory, enabled clients of
    /// this deployment in glewlwyd, and onboard's FHIR resources by business identifier (by canonical url for
    /// CapabilityStatements).
    static func duplicatedPlatformObjects(_ platform: LivePlatform, workspace: Workspace) throws -> [String] {
        var seen: [String: Int] = [:]
        let inventory =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: workspace.root.appendingPathComponent(".onboard/ca/inventory.json")))
            as? [String: Any]
        for certificate in inventory?["certificates"] as? [[String: Any]] ?? [] {
            seen["certificate of \(certificate["partnerID"] as? String ?? "?")", default: 0] += 1
        }
        for client in try platform.oauthClients() where client["enabled"] as? Bool == true {
            let software = client["software_id"] as? String ?? client["description"] as? String ?? ""
            if software.hasPrefix("onboard:st-marys:") { seen["client \(software)", default: 0] += 1 }
        }
        for type in ["Organization", "Endpoint", "OrganizationAffiliation", "CapabilityStatement"] {
            for resource in try owned(platform, type) {
                let identifiers = (resource["identifier"] as? [[String: Any]] ?? [])
                    .filter { $0["system"] as? String == "urn:onboard:partner" }.compactMap { $0["value"] as? String }
                let key = identifiers.first ?? resource["url"] as? String ?? "\(resource["id"] ?? "?")"
                seen["\(type) \(key)", default: 0] += 1
            }
        }
        return seen.filter { $0.value > 1 }.map { "\($0.key) ×\($0.value)" }.sorted()
    }

    /// Every resource of `type` carrying this deployment's tag, across all pages of the search.
    static func owned(_ platform: LivePlatform, _ type: String) throws -> [[String: Any]] {
        var resources: [[String: Any]] = []
        var path: String? = "\(type)?_tag=urn:onboard:deployment%7Cst-marys&_count=500"
        while let next = path {
            let page = try platform.fhir("GET", next)
            guard page.status == 200 else {
                throw LivePlatformError("\(type) search: HTTP \(page.status) \(page.body)")
            }
            let bundle = page.json
            resources += (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
            let link =
                (bundle["link"] as? [[String: Any]] ?? []).first { $0["relation"] as? String == "next" }?["url"]
                as? String
            path = link.map { $0.replacingOccurrences(of: platform["FHIR_URL"] + "/", with: "") }
        }
        return resources
    }
}
