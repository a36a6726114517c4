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
            let known = Set(try ExternalTool.run("sqlite3", [
                state, "SELECT platform_id FROM resources WHERE address LIKE 'partner/%/client'",
            ]).output.split(separator: "\n").map(String.init))
            return try platform.oauthClients().compactMap { client in
                guard client["enabled"] as? Bool == true,
                      (client["software_id"] as? String ?? client["description"] as? String ?? "").hasPrefix("onboard:st-marys:"),
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
            for (source, id) in [("okafor-cardiology", "crash-\(round)-jwt"), ("riverside-clinic", "crash-\(round)-tls")] {
                try workspace.write("Partners/\(id).yaml", try String(
                    contentsOf: workspace.root.appendingPathComponent("Partners/\(source).yaml"), encoding: .utf8
                ).replacingOccurrences(of: source, with: id))
                if source == "okafor-cardiology" {
                    try FileManager.default.copyItem(
                        at: workspace.root.appendingPathComponent("Partners/\(source).jwks.json"),
                        to: workspace.root.appendingPathComponent("Partners/\(id).jwks.json")
                    )
                } else {
                    let csr = try ExternalTool.run("openssl", [
                        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null",
                        "-subj", "/CN=\(id)", "-out", workspace.root.appendingPathComponent("Partners/\(id).csr.pem").path,
                    ])
                    #expect(csr.status == 0, "\(csr.output)")
                }
            }
            let killed = try Self.applyKilled(
                in: workspace.root, environment: platform.onboardEnvironment,
                after: "partner/crash-\(round)-", milliseconds: Int.random(in: 0...120, using: &generator)
            )
            if killed { kills += 1 }
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
        print("crash consistency: \(kills) SIGKILLs in \(round) rounds; \(orphansLeft) clients left unknown by a killed apply, all removed by the next")
    }

    /// Runs `apply`, and SIGKILLs it `milliseconds` after it starts on the first client whose address begins with `prefix`;
    /// false when the apply had finished by then.
    static func applyKilled(in root: URL, environment: [String: String], after prefix: String, milliseconds: Int) throws -> Bool {
        let process = Process()
        process.executableURL = OnboardBinary.url
        process.arguments = ["apply", "--auto-approve"]
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.split(separator: "\n").contains(where: { $0.contains(prefix) && $0.contains("/client: creating") }) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        usleep(UInt32(milliseconds * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }
}
