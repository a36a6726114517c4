import Foundation
import OnboardTestSupport
import Testing

/// The audit trail on the real FHIR server: one Provenance per apply and an AuditEvent per partner lifecycle event,
/// valid R4 for the independent validator, with no secret in any of them.
extension LivePlatformTests {
    @Test("audit records on the FHIR server for onboarding and offboarding, valid R4, with no secret")
    func auditTrailOnTheFHIRServer() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")

        func search(_ type: String) throws -> [[String: Any]] {
            let bundle = try platform.fhir("GET", "\(type)?_tag=urn:onboard:deployment%7Cst-marys&_count=500").json
            return (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
        }
        func subtype(_ event: [String: Any]) -> String {
            ((event["subtype"] as? [[String: Any]])?.first?["code"] as? String) ?? ""
        }
        func detail(_ event: [String: Any], _ name: String) -> String? {
            let details = ((event["entity"] as? [[String: Any]])?.first?["detail"] as? [[String: Any]]) ?? []
            return details.first { $0["type"] as? String == name }?["valueString"] as? String
        }
        func partner(_ event: [String: Any]) -> String { detail(event, "partner") ?? "" }

        var provenances = try search("Provenance")
        #expect(provenances.count == 1, "one Provenance for the apply")
        let targets = (provenances.first?["target"] as? [[String: Any]] ?? []).compactMap { $0["reference"] as? String }
        #expect(
            targets.contains { $0.hasPrefix("Organization/northside-lab/_history/") }, "versioned targets: \(targets)")
        #expect(targets.contains { $0.hasPrefix("AuditEvent/") })
        let onboarded = Set(try search("AuditEvent").filter { subtype($0) == "onboarded" }.map(partner))
        #expect(
            onboarded == [
                "harbor-imaging", "northside-lab", "okafor-cardiology", "riverside-clinic", "westfield-clinic",
            ])

        // Offboarding: the revocation (with the serial and the reason) and the offboarding itself.
        let serial = try ExternalTool.run(
            "sqlite3",
            [
                workspace.root.appendingPathComponent(".onboard/state.sqlite").path,
                "SELECT platform_id FROM resources WHERE address = 'partner/northside-lab/certificate'",
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: offboarded")
        }
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        provenances = try search("Provenance")
        #expect(provenances.count == 2)
        let events = try search("AuditEvent")
        let revoked = events.first { subtype($0) == "certificate-revoked" && partner($0) == "northside-lab" }
        #expect(revoked.flatMap { detail($0, "certificate-serial") } == serial, "\(revoked ?? [:])")
        #expect(revoked.flatMap { detail($0, "revocation-reason") } == "cessationOfOperation")
        #expect(revoked?["action"] as? String == "D")
        #expect(events.contains { subtype($0) == "offboarded" && partner($0) == "northside-lab" })

        // Valid R4 for the independent models, and no secret anywhere in them.
        let directory = try TemporaryDirectory()
        for (index, resource) in (events + provenances).enumerated() {
            try JSONSerialization.data(withJSONObject: resource).write(
                to: directory.url.appendingPathComponent("\(index).json"))
        }
        let verdicts = try ExternalTool.run(
            SchemaChecker.python,
            [
                Repository.root.appendingPathComponent("scripts/fhir-validate.py").path, directory.url.path,
            ])
        #expect(verdicts.status == 0 && !verdicts.output.contains("\"valid\": false"), "\(verdicts.output)")
        // No secret of the run in any audit record, nor in plan or history output.
        let outputs = [
            (
                "the audit records",
                String(decoding: try JSONSerialization.data(withJSONObject: events + provenances), as: UTF8.self)
            ),
            ("history", try onboard(["history", "--format", "json"]).output),
            ("history", try onboard(["history"]).output),
            ("plan", try onboard(["plan", "--format", "json"]).output),
            ("plan", try onboard(["plan", "--format", "markdown"]).output),
        ]
        #expect(outputs[1].1.contains("\"certificate-revoked\""), "history lists the revocation: \(outputs[1].1)")
        for (what, text) in outputs {
            for secret in platform.onboardEnvironment.values.filter({ $0.count >= 8 }) + [
                "registration_access_token", "sealed:",
            ] {
                #expect(!text.contains(secret), "\(what) carries \(secret.prefix(4))…")
            }
        }
    }
}
