import Foundation
import OnboardTestSupport
import Testing

/// SIGKILL while partners made by hand are being imported, on the real platform: whatever the moment — the adopted
/// client re-marked at glewlwyd, an Organization, Endpoint or affiliation taken over at sekmet, none of it recorded
/// yet — the next apply takes the half-adopted objects over in place (they carry this partner's marks, so they are
/// its own, not another's) and converges: every hand-made id and client id kept, nothing created beside them.
extension LivePlatformTests {
    @Test("SIGKILLed imports of partners made by hand converge with every id kept and nothing twice")
    func killedImportsConverge() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.handMadeWorkspace(platform)
        let root = workspace.root
        let environment = platform.onboardEnvironment
        let state = root.appendingPathComponent(".onboard/state.sqlite").path
        var generator = SystemRandomNumberGenerator()
        var handMade: [(partner: String, number: Int, client: String?)] = []
        var kills = 0
        var halfAdopted = 0
        var round = 0
        while (kills < 12 || halfAdopted < 3) && round < 30 {
            round += 1
            // Two partners made by hand a round; the first has a client registered straight at glewlwyd.
            for (offset, withClient) in [(0, true), (1, false)] {
                let number = 200 + 2 * round + offset
                let name = "Crash Laboratory \(number)"
                try Self.makeByHand(platform, number, name: name, role: "provider")
                var client: String?
                if withClient {
                    let key = try TestPartner(id: "crash-\(number)", directory: root)
                    client = try Self.registerByHand(platform, name: name, partner: key).0
                }
                handMade.append(("crash-laboratory-\(number)", number, client))
            }
            let imported = try onboard(["import", "--from-platform", "--template", "laboratory"])
            #expect(imported.output.contains("Wrote 2 partner files"), "round \(round): \(imported.output)")

            // Killed 0–30 ms after it starts importing a client, an Organization, an Endpoint or an affiliation.
            let step = ["/client: importing", "/organization: importing", "/endpoint/", "/affiliation: importing"]
                .randomElement(using: &generator)!
            let killed = try OnboardBinary.kill(
                ["apply", "--auto-approve"], in: root, environment: environment,
                milliseconds: Int.random(in: 0...30, using: &generator)
            ) { $0.split(separator: "\n").contains { $0.contains("partner/crash-laboratory-") && $0.contains(step) } }
            if killed.killed { kills += 1 }
            // The window that matters: objects the killed apply marked on the server but never recorded.
            let recordedAfterKill = try ExternalTool.run("sqlite3", [state, "SELECT platform_id FROM resources"]).output
            for made in handMade.suffix(2) {
                for path in [
                    "Organization/org-\(made.number)", "Endpoint/ep-\(made.number)",
                    "OrganizationAffiliation/aff-\(made.number)",
                ]
                where try platform.fhir("GET", path).body.contains("urn:onboard:deployment")
                    && !recordedAfterKill.contains(path)
                {
                    halfAdopted += 1
                }
            }
            let plan = try onboard(["plan", "--format", "json"])
            let changes =
                (try JSONSerialization.jsonObject(with: Data(plan.output.utf8)) as? [String: Any])?["changes"]
                as? [[String: Any]] ?? []
            // Left to do: imports, creates and updates — and the removal of a client the killed apply registered for a
            // partner that had none, never recorded — but no delete or replace of anything made by hand.
            let unexpected = changes.filter { change in
                !["import", "create", "update"].contains(change["action"] as? String ?? "")
                    && change["kind"] as? String != "orphan-client"
            }
            #expect(plan.status == 0 && unexpected.isEmpty, "round \(round): \(unexpected)")
            let resumed = try onboard(["apply", "--auto-approve"])
            #expect(resumed.status == 0, "round \(round): \(resumed.output)")

            // Every hand-made object is recorded at its own id; nothing was created beside them.
            let recorded = try ExternalTool.run(
                "sqlite3",
                [
                    state,
                    "SELECT address || '=' || platform_id FROM resources WHERE address LIKE 'partner/crash-laboratory-%'",
                ]
            ).output
            for made in handMade {
                let partner = "partner/\(made.partner)"
                #expect(
                    recorded.contains("\(partner)/organization=Organization/org-\(made.number)"),
                    "round \(round): \(recorded)")
                #expect(recorded.contains("=Endpoint/ep-\(made.number)"), "round \(round)")
                #expect(
                    recorded.contains("\(partner)/affiliation=OrganizationAffiliation/aff-\(made.number)"),
                    "round \(round)")
                if let client = made.client {
                    #expect(recorded.contains("\(partner)/client=\(client)"), "round \(round)")
                }
            }
            // Besides the partners' Endpoints, the gateway's, which the hospital's services point at.
            let counts = try ["Organization", "Endpoint", "OrganizationAffiliation"].map {
                try Self.count(platform, $0)
            }
            let expected = [handMade.count, handMade.count + 1, handMade.count]
            #expect(counts == expected, "round \(round): nothing twice")
            let clients = try platform.oauthClients().filter { $0["enabled"] as? Bool == true }
            #expect(clients.count == handMade.count, "round \(round): one client per partner")
            if resumed.status != 0 || counts != expected { break }
        }
        #expect(kills >= 12, "only \(kills) of \(round) applies were still running when killed")
        #expect(halfAdopted >= 3, "only \(halfAdopted) kills landed between marking an object and recording it")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        print(
            "killed imports: \(kills) SIGKILLs in \(round) rounds, \(handMade.count) partners made by hand, \(halfAdopted) "
                + "FHIR objects left marked but unrecorded by a killed apply; all adopted in place")
    }
}
