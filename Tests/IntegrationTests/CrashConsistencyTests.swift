import Foundation
import OnboardTestSupport
import Testing

/// SIGKILL while a client is being registered or granted its scopes, on the real glewlwyd: whatever the moment, the
/// next apply leaves no enabled client of this deployment that state does not know — a client registered by the
/// killed apply and never recorded is found in glewlwyd's admin listing by its `software_id` and deleted.
extension LivePlatformTests {
    @Test("20 SIGKILLs during client registration and scope grants leave no unknown enabled client")
    func killedRegistrationsLeaveNoOrphan() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        #expect(try onboard(["ca", "init"]).status == 0)
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        let state = workspace.root.appendingPathComponent(".onboard/state.sqlite").path
        func unknownClients() throws -> [String] {
            let known = Set(
                try ExternalTool.run(
                    "sqlite3",
                    [
                        state, "SELECT platform_id FROM resources WHERE address LIKE 'partner/%/client'",
                    ]
                ).output.split(separator: "\n").map(String.init))
            return try platform.oauthClients().compactMap { client in
                guard client["enabled"] as? Bool == true,
                    (client["software_id"] as? String ?? client["description"] as? String ?? "").hasPrefix(
                        "onboard:st-marys:"),
                    let id = client["client_id"] as? String, !known.contains(id)
                else { return nil }
                return id
            }
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var orphansLeft = 0
        var round = 0
        while kills < 20 && round < 40 {
            round += 1
            // Two new partners a round: one registered through RFC 7591, one (tls_client_auth) through the admin API.
            for (source, id) in [
                ("okafor-cardiology", "crash-\(round)-jwt"), ("riverside-clinic", "crash-\(round)-tls"),
            ] {
                try workspace.write(
                    "Partners/\(id).yaml",
                    try String(
                        contentsOf: workspace.root.appendingPathComponent("Partners/\(source).yaml"), encoding: .utf8
                    ).replacingOccurrences(of: source, with: id))
                if source == "okafor-cardiology" {
                    try FileManager.default.copyItem(
                        at: workspace.root.appendingPathComponent("Partners/\(source).jwks.json"),
                        to: workspace.root.appendingPathComponent("Partners/\(id).jwks.json")
                    )
                } else {
                    let csr = try ExternalTool.run(
                        "openssl",
                        [
                            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                            "/dev/null",
                            "-subj", "/CN=\(id)", "-out",
                            workspace.root.appendingPathComponent("Partners/\(id).csr.pem").path,
                        ])
                    #expect(csr.status == 0, "\(csr.output)")
                }
            }
            // Killed 0–120 ms after it starts registering the round's first client.
            let prefix = "partner/crash-\(round)-"
            let killed = try OnboardBinary.kill(
                ["apply", "--auto-approve"], in: workspace.root, environment: platform.onboardEnvironment,
                milliseconds: Int.random(in: 0...120, using: &generator)
            ) { $0.split(separator: "\n").contains { $0.contains(prefix) && $0.contains("/client: creating") } }
            if killed.killed { kills += 1 }
            let left = try unknownClients()
            if orphansLeft == 0, let orphan = left.first {
                // The plan names the orphan as a deletion, with why.
                let plan = try onboard(["plan"])
                #expect(plan.output.contains("orphan-client/\(orphan)"), "\(plan.output)")
                #expect(plan.output.contains("by an apply that stopped before recording it"), "\(plan.output)")
            }
            orphansLeft += left.count
            let resumed = try onboard(["apply", "--auto-approve"])
            #expect(resumed.status == 0, "round \(round): \(resumed.output)")
            let unknown = try unknownClients()
            #expect(unknown.isEmpty, "round \(round): enabled clients state does not know: \(unknown)")
            if resumed.status != 0 || !unknown.isEmpty { break }
        }
        #expect(kills >= 20, "only \(kills) of \(round) applies were still running when killed")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        print(
            "crash consistency: \(kills) SIGKILLs in \(round) rounds; \(orphansLeft) clients left unknown by a killed apply, all removed by the next"
        )
    }
}
