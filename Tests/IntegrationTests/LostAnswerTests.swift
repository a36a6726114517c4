import Foundation
import OnboardTestSupport
import Testing

/// A network failure after the FHIR server carried out onboard's update (a transaction): the retry meets its own new
/// version (HTTP 412 on the old If-Match, the transaction rolled back, then each resource checked), which is done,
/// not a conflict — and nothing is written twice.
extension LivePlatformTests {
    @Test("a lost answer to onboard's own FHIR update is not reported as a conflict")
    func aLostAnswerToAnUpdateIsNotAConflict() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let before = try platform.fhir("GET", "Endpoint/northside-lab-results").json
        let version = Int((before["meta"] as? [String: Any])?["versionId"] as? String ?? "") ?? -1

        // From now on onboard reaches the FHIR server through a proxy that loses the answer to the first POST (the
        // transaction carrying the update).
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        let upstream = platform["FHIR_URL"].replacingOccurrences(of: "/fhir", with: "")
        try servers.start(
            [
                "python3", Repository.fixtures.appendingPathComponent("servers/lossy-proxy.py").path, "\(port)",
                upstream, platform["CA"], "POST",
            ], in: Repository.root)
        #expect(try LoopbackServers.waitForPort(port))
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: upstream + "/fhir", with: "http://127.0.0.1:\(port)/fhir").replacingOccurrences(
                of: "  platform:\n", with: "  platform:\n    allowLoopbackHttp: true\n")
        }
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(
                of: "https://fhir.northside-lab.example/r4", with: "https://fhir3.northside-lab.example/r4")
        }
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "the retry found its own write: \(run.output)")
        #expect(!run.output.contains("changed on the FHIR server"), "\(run.output)")
        let after = try platform.fhir("GET", "Endpoint/northside-lab-results").json
        #expect(after["address"] as? String == "https://fhir3.northside-lab.example/r4")
        #expect(
            (after["meta"] as? [String: Any])?["versionId"] as? String == "\(version + 1)", "written once: \(after)")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
    }
}
