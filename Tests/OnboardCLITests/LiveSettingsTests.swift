import Foundation
import OnboardTestSupport
import Testing

/// The shipped live deployment is valid, and a live target without the secrets it names fails with one precise line.
@Suite struct LiveSettingsTests {
    /// The example network with the live deployment (its CA bundle, made by scripts/peers, left out).
    func liveWorkspace() throws -> Workspace {
        let workspace = try Workspace()
        let live = try String(contentsOf: Repository.root.appendingPathComponent("examples/live/onboard.yaml"), encoding: .utf8)
        try workspace.write("onboard.yaml", live.replacingOccurrences(of: "      caBundle: .peers/tls/ca.pem", with: ""))
        return workspace
    }

    @Test func exampleLiveDeploymentValidates() throws {
        let workspace = try liveWorkspace()
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func missingSecretVariableIsNamed() throws {
        let workspace = try liveWorkspace()
        let run = try OnboardBinary.run(
            ["plan"], in: workspace.root, environment: ["ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": "k"]
        )
        #expect(run.status == 1)
        #expect(run.output.contains(
            "the environment variable ONBOARD_FHIR_TOKEN (targets.directory.tokenEnv in onboard.yaml) is not set"
        ), "\(run.output)")
    }

    @Test func liveClientsNeedAStateKey() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") { $0.replacingOccurrences(of: "    sealKeyEnv: ONBOARD_STATE_KEY", with: "") }
        let run = try OnboardBinary.run(["plan"], in: workspace.root, environment: ["ONBOARD_FHIR_TOKEN": "t"])
        #expect(run.status == 1)
        #expect(run.output.contains("targets.clients is live, and state.sealKeyEnv is not set"), "\(run.output)")
    }

    @Test func secretInPlaceOfVariableNameIsRefused() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") { $0.replacingOccurrences(of: "tokenEnv: ONBOARD_FHIR_TOKEN", with: "tokenEnv: \"s3cr3t-t0ken!\"") }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(run.output.contains("onboard.yaml:"), "\(run.output)")
        #expect(run.output.contains("is not an environment variable name"), "\(run.output)")
    }

    @Test func unreachableServerIsAClearErrorAndLosesNothing() throws {
        let workspace = try liveWorkspace()
        let port = FreePort.find()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "127.0.0.1:18091", with: "127.0.0.1:\(port)")
                .replacingOccurrences(of: "127.0.0.1:14593", with: "127.0.0.1:\(port)")
        }
        let environment = [
            "ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": "k", "ONBOARD_FHIR_TOKEN": "t",
            "ONBOARD_OAUTH_ADMIN": "admin", "ONBOARD_OAUTH_ADMIN_PASSWORD": "p",
        ]
        #expect(try OnboardBinary.run(["ca", "init"], in: workspace.root, environment: environment).status == 0)
        let run = try OnboardBinary.run(["apply", "--auto-approve"], in: workspace.root, environment: environment)
        #expect(run.status == 1)
        #expect(run.output.contains(
            "client: the OAuth server at http://127.0.0.1:\(port) cannot be reached (connection refused) after 4 attempts"
        ), "\(run.output)")
        #expect(run.output.contains("were applied and recorded"), "\(run.output)")
    }
}
