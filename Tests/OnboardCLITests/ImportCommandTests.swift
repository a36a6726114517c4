import Foundation
import OnboardTestSupport
import Testing

@testable import OnboardCLI

/// `onboard import` where there is nothing live to read: it says so and writes nothing.
@Suite struct ImportCommandTests {
    @Test func importNeedsItsSourceAndALiveDirectory() throws {
        let workspace = try ReconcileWorkspace()
        let before = try FileManager.default.contentsOfDirectory(
            atPath: workspace.root.appendingPathComponent("Partners").path)
        var run = try workspace.onboard(["import"])
        #expect(run.status == 1)
        #expect(run.output.contains("--from-platform") && run.output.contains("[usage]"), "\(run.output)")
        run = try workspace.onboard(["import", "--from-platform"])
        #expect(run.status == 1)
        #expect(run.output.contains("import reads a live FHIR server (targets.directory)"), "\(run.output)")
        run = try workspace.onboard(["import", "--from-platform", "--template", "nosuch"])
        #expect(run.output.contains("no template nosuch"), "\(run.output)")
        for out in ["/tmp/elsewhere", "../elsewhere", "Partners/../../elsewhere", "."] {
            run = try workspace.onboard(["import", "--from-platform", "--out", out])
            #expect(
                run.status == 1 && run.output.contains("name a folder inside the repository"), "\(out): \(run.output)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("Partners").path)
                == before)
    }

    /// A JWKS left from a partner whose file is gone takes its id too: a new partner's files never meet it. A
    /// certificate put there to adopt does not.
    @Test func theNamesImportWritesTakeTheirIds() throws {
        let directory = try TemporaryDirectory()
        for name in ["northside-lab.yaml", "gone-lab.jwks.json", "ridge-lab.cert.pem", "notes"] {
            try directory.write(name, "")
        }
        #expect(ImportCommand.existingIDs(directory.url.path) == ["northside-lab", "gone-lab"])
    }
}

/// Adopting a client needs the right to manage it, checked before anything is read: the variable the file names must
/// be set, and there must be a live OAuth server.
@Suite struct AdoptedClientManagementTests {
    static let adopt =
        "\n  adopt:\n    client:\n      id: hand-registered-1\n      registrationTokenEnv: NORTHSIDE_REGISTRATION_TOKEN\n"

    @Test func theTokenVariableMustBeSetAndTheServerLive() throws {
        let workspace = try ReconcileWorkspace()
        try workspace.edit("Partners/northside-lab.yaml") { $0 + Self.adopt }
        var run = try workspace.onboard(["plan"])
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "Partners/northside-lab.yaml:40:11: error: spec.adopt.client: a client can be adopted only on a live OAuth server"
            ), "\(run.output)")

        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("onboard.yaml"))
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("examples/live/onboard.yaml"),
            to: workspace.root.appendingPathComponent("onboard.yaml")
        )
        let environment = ReconcileWorkspace.environment.merging([
            "ONBOARD_STATE_KEY": "test-only-7Hq2mZx9Lp4Vr8Ns3Kd6Wb1Jf5Tc0Yg", "ONBOARD_FHIR_TOKEN": "unused",
            "ONBOARD_OAUTH_ADMIN": "admin", "ONBOARD_OAUTH_ADMIN_PASSWORD": "unused",
        ]) { _, new in new }
        run = try OnboardBinary.run(["plan", "--refresh", "false"], in: workspace.root, environment: environment)
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "Partners/northside-lab.yaml:41:29: error: spec.adopt.client.registrationTokenEnv: the environment variable NORTHSIDE_REGISTRATION_TOKEN is not set"
            ), "\(run.output)")
        #expect(
            run.output.contains("registrationTokenEnv: NORTHSIDE_REGISTRATION_TOKEN\n                            ^"),
            "quoted with a caret")
    }
}
