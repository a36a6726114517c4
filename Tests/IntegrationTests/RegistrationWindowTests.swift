import Foundation
import OnboardTestSupport
import Testing

/// The window in which a registered client could be left behind unknown to state: onboard records the client the
/// moment glewlwyd registers it, before granting its scopes, so a grant that fails (here: a scope name longer than
/// glewlwyd's 128 characters, which it refuses to create) leaves a known client — the next apply grants its scopes
/// instead of registering a second one.
extension LivePlatformTests {
    @Test("a client whose scope grant fails is recorded, and the next apply finishes it without a duplicate")
    func aFailedScopeGrantLeavesNoOrphan() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, _) = try Self.liveWorkspace(platform)
        func onboard(_ arguments: [String]) throws -> OnboardBinary.Run {
            try OnboardBinary.run(arguments, in: workspace.root, environment: platform.onboardEnvironment)
        }
        let tooLong = "system/DiagnosticReport.cu?code=" + String(repeating: "a", count: 120)
        try workspace.edit("Partners/harbor-imaging.yaml") {
            $0.replacingOccurrences(
                of: "      - system/DiagnosticReport.cu\n",
                with: "      - system/DiagnosticReport.cu\n      - \(tooLong)\n")
        }
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "glewlwyd refused to create scope \(tooLong) (HTTP 400): name is mandatory and must be string between 1 and 128 characters"
            ), "\(run.output)")
        let registered = try platform.oauthClients().filter { ($0["name"] as? String) == "Harbor Imaging Center" }
        #expect(registered.count == 1, "\(registered)")
        let recorded = try ExternalTool.run(
            "sqlite3",
            [
                workspace.root.appendingPathComponent(".onboard/state.sqlite").path,
                "SELECT platform_id FROM resources WHERE address = 'partner/harbor-imaging/client'",
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            !recorded.isEmpty && recorded == registered.first?["client_id"] as? String,
            "state knows the client: \(recorded)")

        try workspace.edit("Partners/harbor-imaging.yaml") {
            $0.replacingOccurrences(of: "      - \(tooLong)\n", with: "")
        }
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let clients = try platform.oauthClients().filter { ($0["name"] as? String) == "Harbor Imaging Center" }
        #expect(clients.count == 1, "no second registration: \(clients.map { $0["client_id"] ?? "" })")
        #expect((clients.first?["scope"] as? [String])?.isEmpty == false, "its scopes granted now: \(clients)")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
    }
}
