import Foundation
import OnboardTestSupport
import Testing

/// The window in which a registered client could be left behind unknown to state: onboard records the client the
/// moment glewlwyd registers it, before granting its scopes, so a grant that fails leaves a known client — the next
/// apply grants its scopes instead of registering a second one.
extension LivePlatformTests {
    @Test("a client whose scope grant fails is recorded, and the next apply finishes it without a duplicate")
    func aFailedScopeGrantLeavesNoOrphan() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, _) = try Self.liveWorkspace(platform)
        func onboard(_ arguments: [String], password: String) throws -> OnboardBinary.Run {
            try OnboardBinary.run(arguments, in: workspace.root, environment: platform.onboardEnvironment.merging(
                ["ONBOARD_OAUTH_ADMIN_PASSWORD": password]
            ) { $1 })
        }
        #expect(try onboard(["ca", "init"], password: "wrong").status == 0)
        // The registration (RFC 7591) needs no administrator; the scope grant does, and is refused.
        var run = try onboard(["apply", "--auto-approve"], password: "not-the-admin-password")
        #expect(run.status == 1)
        #expect(run.output.contains("refused the administrator login"), "\(run.output)")
        let registered = try platform.oauthClients().filter { ($0["name"] as? String) == "Harbor Imaging Center" }
        #expect(registered.count == 1, "\(registered)")
        let recorded = try ExternalTool.run("sqlite3", [
            workspace.root.appendingPathComponent(".onboard/state.sqlite").path,
            "SELECT platform_id FROM resources WHERE address = 'partner/harbor-imaging/client'",
        ]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!recorded.isEmpty && recorded == registered.first?["client_id"] as? String, "state knows the client: \(recorded)")

        run = try onboard(["apply", "--auto-approve"], password: platform["OAUTH_PASSWORD"])
        #expect(run.status == 0, "\(run.output)")
        let clients = try platform.oauthClients().filter { ($0["name"] as? String) == "Harbor Imaging Center" }
        #expect(clients.count == 1, "no second registration: \(clients.map { $0["client_id"] ?? "" })")
        #expect((clients.first?["scope"] as? [String])?.isEmpty == false, "its scopes granted now: \(clients)")
        #expect(try onboard(["plan", "--detailed-exitcode"], password: platform["OAUTH_PASSWORD"]).status == 0, "converged")
    }
}
