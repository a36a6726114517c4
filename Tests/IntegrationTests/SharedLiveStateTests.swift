import Foundation
import OnboardTestSupport
import Testing

/// CI on the real platform: two runners — fresh copies of the repository at different paths, nothing on disk in
/// common — share state, lock and CA in one PostgreSQL database and drive the same live FHIR server, OAuth server and
/// gateway. Whatever either writes to the gateway names no file in a runner's checkout.
extension LivePlatformTests {
    @Test("two CI runners share PostgreSQL state and drive the same live platform")
    func twoRunnersOnTheLivePlatform() async throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let database = try await PostgresServer()
        let url = try await database.createDatabase("ci")
        let peers = Repository.root.appendingPathComponent(".peers").path
        func runner() throws -> (Workspace, ([String]) async throws -> OnboardBinary.Run) {
            let (workspace, _) = try Self.liveWorkspace(platform)
            try workspace.edit("onboard.yaml") {
                $0.replacingOccurrences(
                    of: "    backend: sqlite\n    path: .onboard/state.sqlite\n",
                    with: "    backend: postgres\n    urlEnv: ONBOARD_STATE_URL\n"
                ).replacingOccurrences(of: " .peers/", with: " \(peers)/").replacingOccurrences(
                    of: ", .peers/", with: ", \(peers)/")
            }
            let environment = platform.onboardEnvironment.merging(["ONBOARD_STATE_URL": url]) { $1 }
            return (workspace, { try await OnboardBinary.run($0, in: workspace.root, environment: environment) })
        }
        let (first, onFirst) = try runner()
        let (second, onSecond) = try runner()

        #expect(try await onFirst(["ca", "init"]).status == 0)
        var run = try await onFirst(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let local =
            (try? FileManager.default.contentsOfDirectory(atPath: first.root.appendingPathComponent(".onboard").path))
            ?? []
        #expect(local == ["cache"], "no state and no CA on the runner's disk, only the partner cache: \(local)")
        run = try await onSecond(["plan", "--detailed-exitcode"])
        #expect(run.status == 0, "runner 2 reads the same platform and state and sees nothing to do: \(run.output)")
        let config = try String(contentsOfFile: "\(peers)/nginx/conf.d/onboard-partners.conf", encoding: .utf8)
        #expect(
            !config.contains(first.root.path) && !config.contains(second.root.path), "nothing in a runner's checkout")

        // Runner 1's workspace is gone (its job ended); runner 2 offboards a partner: the new CRL goes where nginx
        // reads it, and the reload succeeds.
        try FileManager.default.removeItem(at: first.root.appendingPathComponent("out"))
        for workspace in [first, second] {
            try workspace.edit("Partners/northside-lab.yaml") {
                $0.replacingOccurrences(of: "status: active", with: "status: offboarded")
            }
        }
        run = try await onSecond(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ca/crl"), "\(run.output)")
        run = try await onFirst(["plan", "--detailed-exitcode"])
        #expect(run.status == 0, "runner 1 sees runner 2's apply: \(run.output)")
        let crl = try ExternalTool.run(
            "openssl", ["crl", "-in", "\(peers)/nginx/conf.d/onboard-partners.crl.pem", "-noout", "-text"])
        #expect(crl.output.contains("Serial Number"), "the gateway's CRL lists the offboarded partner: \(crl.output)")
    }
}
