import Crypto
import Foundation
import OnboardTestSupport
import Testing

/// The shipped live deployment is valid, and a live target without the secrets it names fails with one precise line.
@Suite struct LiveSettingsTests {
    /// The example network with the live deployment (its CA bundles, made by scripts/peers, left out).
    func liveWorkspace() throws -> Workspace {
        let workspace = try Workspace()
        let live = try String(
            contentsOf: Repository.root.appendingPathComponent("examples/live/onboard.yaml"), encoding: .utf8)
        let withoutBundles = live.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("aBundle: .peers/tls/ca.pem") }.joined(separator: "\n")
        try workspace.write("onboard.yaml", withoutBundles)
        return workspace
    }

    @Test func exampleLiveDeploymentValidates() throws {
        let workspace = try liveWorkspace()
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 0, "\(run.output)")
    }

    /// Every URL credentials or tokens travel to uses TLS: plain http is an error at its line, on a loopback host too
    /// unless the deployment says `platform.allowLoopbackHttp: true` (tests on one machine).
    @Test func platformURLsMustUseTLS() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "tokenUrl: https://127.0.0.1:14593/api/oidc/token", with: "tokenUrl: http://auth.example/token"
            )
            .replacingOccurrences(
                of: "registrationUrl: https://127.0.0.1:14593", with: "registrationUrl: http://127.0.0.1:14593")
        }
        let lines = try String(contentsOf: workspace.root.appendingPathComponent("onboard.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let token = try #require(lines.firstIndex { $0.contains("tokenUrl:") }) + 1
        let registration = try #require(lines.firstIndex { $0.contains("registrationUrl:") }) + 1
        var run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                #"onboard.yaml:\#(token):15: error: spec.platform.tokenUrl: "http://auth.example/token" must use https"#
            ),
            "\(run.output)")
        #expect(
            run.output.contains(
                #"onboard.yaml:\#(registration):24: error: spec.targets.clients.registrationUrl: "#
                    + #""http://127.0.0.1:14593/api/oidc/register" must use https: partners' credentials and tokens travel to it "#
                    + "(plain http to a loopback host only with platform.allowLoopbackHttp: true, for tests on one machine)"
            ), "\(run.output)")
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "  platform:\n", with: "  platform:\n    allowLoopbackHttp: true\n")
        }
        run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(
            run.output.contains("spec.platform.tokenUrl"), "a host that is not loopback stays refused: \(run.output)")
        #expect(!run.output.contains("spec.targets.clients.registrationUrl"), "\(run.output)")
    }

    /// A live gateway must check tokens: without `platform.tokens` there is nothing to check them against.
    @Test func aLiveGatewayNeedsTokenSettings() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let start = lines.firstIndex { $0.hasPrefix("    tokens:") }!
            let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("      ") }!
            return (lines[..<start] + lines[end...]).joined(separator: "\n")
        }
        let line =
            try String(contentsOf: workspace.root.appendingPathComponent("onboard.yaml"), encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .firstIndex { $0.hasPrefix("  targets:") }! + 1
        var run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "onboard.yaml:\(line):3: error: spec.platform.tokens: a live gateway checks the access token of every request"
            ), "\(run.output)")
        try workspace.write(
            "onboard.yaml",
            try String(
                contentsOf: Repository.root.appendingPathComponent("examples/live/onboard.yaml"), encoding: .utf8
            ).replacingOccurrences(
                of: "certificateHeader: X-Client-Certificate", with: "certificateHeader: SSL_CLIENT_CERT"))
        run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(
            run.output.contains(
                #"spec.platform.tokens.certificateHeader: "SSL_CLIENT_CERT" is not a header name of letters, digits and hyphens"#
            ), "\(run.output)")
    }

    /// A stolen state is only as safe as the key sealing it: a short or repetitive key is refused before anything runs.
    @Test func aWeakStateKeyIsRefused() throws {
        let workspace = try liveWorkspace()
        for (key, problem) in [
            ("x", "is 1 characters long; it must be at least 32"),
            (String(repeating: "ab", count: 20), "has only 2 distinct characters; it must look random (at least 16)"),
        ] {
            let run = try OnboardBinary.run(
                ["plan"], in: workspace.root,
                environment: [
                    "ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": key,
                ])
            #expect(run.status == 1)
            #expect(
                run.output.contains(
                    "the state key in ONBOARD_STATE_KEY \(problem); make one with `onboard state keygen`"),
                "\(run.output)")
            #expect(!run.output.contains(key.count > 1 ? key : "\"x\""), "the key itself is never printed")
        }
        let generated = try OnboardBinary.run(["state", "keygen"], in: workspace.root).output.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            generated.count == 43 && generated.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" },
            "\(generated)")
        let accepted = try OnboardBinary.run(
            ["plan"], in: workspace.root,
            environment: [
                "ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": generated,
            ])
        #expect(!accepted.output.contains("state key"), "\(accepted.output)")
    }

    @Test func missingSecretVariableIsNamed() throws {
        let workspace = try liveWorkspace()
        let run = try OnboardBinary.run(
            ["plan"], in: workspace.root,
            environment: ["ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": Self.stateKey]
        )
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "the environment variable ONBOARD_FHIR_TOKEN (targets.directory.tokenEnv in onboard.yaml) is not set"
            ), "\(run.output)")
    }

    @Test func liveClientsNeedAStateKey() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "    sealKeyEnv: ONBOARD_STATE_KEY", with: "")
        }
        let run = try OnboardBinary.run(["plan"], in: workspace.root, environment: ["ONBOARD_FHIR_TOKEN": "t"])
        #expect(run.status == 1)
        #expect(run.output.contains("targets.clients is live, and state.sealKeyEnv is not set"), "\(run.output)")
    }

    @Test func secretInPlaceOfVariableNameIsRefused() throws {
        let workspace = try liveWorkspace()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "tokenEnv: ONBOARD_FHIR_TOKEN", with: "tokenEnv: \"s3cr3t-t0ken!\"")
        }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(run.output.contains("onboard.yaml:"), "\(run.output)")
        #expect(run.output.contains("is not an environment variable name"), "\(run.output)")
    }

    static let stateKey = "test-only-4Rt8Lm2Qx7Vn1Kp9Zs3Hd6Wc5Jb0Yf"
    static let environment = [
        "ONBOARD_CA_PASSPHRASE": "live-settings-passphrase", "ONBOARD_STATE_KEY": Self.stateKey,
        "ONBOARD_FHIR_TOKEN": "t",
        "ONBOARD_OAUTH_ADMIN": "admin", "ONBOARD_OAUTH_ADMIN_PASSWORD": "p",
    ]

    /// Without the authorization server's keys there is no gateway to plan: a clear error before anything changes.
    @Test func unreachableSigningKeysStopThePlan() throws {
        let workspace = try liveWorkspace()
        let port = FreePort.find()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "127.0.0.1:14593/api/oidc/jwks", with: "127.0.0.1:\(port)/jwks")
        }
        #expect(try OnboardBinary.run(["ca", "init"], in: workspace.root, environment: Self.environment).status == 0)
        let run = try OnboardBinary.run(["apply", "--auto-approve"], in: workspace.root, environment: Self.environment)
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                "the authorization server at https://127.0.0.1:\(port) cannot be reached (connection refused) after 4 attempts, "
                    + "reading its signing keys (platform.tokens.jwksUrl https://127.0.0.1:\(port)/jwks); nothing was changed"
            ), "\(run.output)")
        let show = try OnboardBinary.run(["show"], in: workspace.root, environment: Self.environment)
        #expect(show.output.contains(", 0 resources"), "nothing was recorded: \(show.output)")
    }

    @Test func unreachableServerIsAClearErrorAndLosesNothing() throws {
        let workspace = try liveWorkspace()
        let port = FreePort.find()
        // The signing keys are published (a static file server); the OAuth and FHIR servers are down.
        let keys = try Self.publishSigningKeys(workspace)
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "https://127.0.0.1:14593/api/oidc/jwks", with: "http://127.0.0.1:\(keys.port)/jwks.json"
            )
            .replacingOccurrences(of: "127.0.0.1:18091", with: "127.0.0.1:\(port)")
            .replacingOccurrences(of: "127.0.0.1:14593", with: "127.0.0.1:\(port)")
            .replacingOccurrences(
                of: "  platform:\n",
                with: "  platform:\n    allowLoopbackHttp: true            # the key server is plain http\n")
        }
        let environment = Self.environment
        #expect(try OnboardBinary.run(["ca", "init"], in: workspace.root, environment: environment).status == 0)
        let run = try OnboardBinary.run(["apply", "--auto-approve"], in: workspace.root, environment: environment)
        #expect(run.status == 1)
        // The refresh lists the OAuth server's clients before anything changes, so the apply stops there.
        #expect(
            run.output.contains(
                "error: the OAuth server at https://127.0.0.1:\(port) cannot be reached (connection refused) after 4 attempts, "
                    + "listing its clients (targets.clients.scopeAdministration); nothing was changed"
            ), "\(run.output)")
        let show = try OnboardBinary.run(["show"], in: workspace.root, environment: environment)
        #expect(show.output.contains(", 0 resources"), "nothing was recorded: \(show.output)")
    }

    /// A JWK set with one fresh P-256 key, served by a static HTTP server on loopback until the servers are released.
    static func publishSigningKeys(_ workspace: Workspace) throws -> (port: Int, servers: LoopbackServers) {
        let key = P256.Signing.PrivateKey().publicKey.x963Representation.dropFirst()
        func b64(_ data: Data.SubSequence) -> String {
            Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
                of: "/", with: "_"
            )
            .replacingOccurrences(of: "=", with: "")
        }
        let directory = workspace.root.appendingPathComponent("keys-site")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try
            #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"k1","x":"\#(b64(key.prefix(32)))","y":"\#(b64(key.suffix(32)))"}]}"#
            .write(to: directory.appendingPathComponent("jwks.json"), atomically: true, encoding: .utf8)
        let port = FreePort.find()
        let servers = LoopbackServers()
        try servers.start(["python3", "-m", "http.server", "--bind", "127.0.0.1", "\(port)"], in: directory)
        _ = try LoopbackServers.waitForPort(port)
        return (port, servers)
    }
}
