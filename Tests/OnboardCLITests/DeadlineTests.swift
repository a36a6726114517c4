import Foundation
import OnboardTestSupport
import Testing

/// A server that answers, slowly and without end (a search whose pages never run out): the run says what it is doing
/// while it waits, and stops at the server's deadline or the run's, with one line naming which — never a silent hang.
@Suite(.serialized) struct DeadlineTests {
    /// The example applied on the embedded platform, then its FHIR directory pointed at the endless server.
    func workspace(port: Int, deadlineSeconds: Int) throws -> ReconcileWorkspace {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        try bed.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "fhirBaseUrl: https://fhir.st-marys.example/r4", with: "fhirBaseUrl: http://127.0.0.1:\(port)/fhir"
            )
            .replacingOccurrences(of: "  platform:\n", with: "  platform:\n    allowLoopbackHttp: true\n")
                + """
                  targets:
                    directory:
                      mode: live
                      timeoutSeconds: 5
                      retries: 0
                      deadlineSeconds: \(deadlineSeconds)

                """
        }
        return bed
    }

    func endlessServer(_ servers: LoopbackServers) throws -> Int {
        let port = FreePort.find()
        try servers.start(
            [
                "python3", Repository.root.appendingPathComponent("Tests/Fixtures/servers/endless-pages.py").path,
                "\(port)", "0.2",
            ],
            in: Repository.root
        )
        #expect(try LoopbackServers.waitForPort(port))
        return port
    }

    @Test func aServerThatNeverFinishesStopsAtItsDeadlineWithProgressOnTheWay() throws {
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        let bed = try workspace(port: try endlessServer(servers), deadlineSeconds: 3)
        let started = Date()
        let run = try OnboardBinary.run(
            ["plan"], in: bed.root,
            environment: ReconcileWorkspace.environment.merging(["ONBOARD_PROGRESS_SECONDS": "1"]) { $1 }
        )
        #expect(run.status == 1)
        #expect(Date().timeIntervalSince(started) < 30, "stopped by the deadline, not by the endless server")
        let errors = run.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(
            errors.count == 1
                && errors[0].contains(
                    "the FHIR server has used its deadline (targets.directory.deadlineSeconds: 3 s) after "
                ), "\(run.output)")
        let progress = run.output.split(separator: "\n").filter { $0.hasPrefix("… still working after ") }
        #expect(progress.count >= 1, "\(run.output)")
        #expect(progress.allSatisfy { $0.contains("answers so far: FHIR server ") }, "\(progress)")
    }

    @Test func theRunsDeadlineStopsEveryServer() throws {
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        let bed = try workspace(port: try endlessServer(servers), deadlineSeconds: 3600)
        let run = try bed.plan(["--deadline", "2s"])
        #expect(run.status == 1)
        #expect(
            run.output.contains("error: the FHIR server has used the run's deadline (--deadline 2s) after "),
            "\(run.output)")
        let offline = try bed.plan(["--refresh=false"])
        // The new FHIR base URL changes the gateway's upstream; nothing recorded was lost, so nothing is created anew.
        #expect(offline.status == 2 && !offline.output.contains("  create"), "\(offline.output)")
    }
}
