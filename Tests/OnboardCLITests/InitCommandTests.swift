import Foundation
import OnboardTestSupport
import Testing

/// `onboard init`: a hospital starts its own network with nothing but the binary — in a clean environment
/// (`env -i`, `PATH=/usr/bin:/bin`) the network it writes validates, applies on the embedded platform and converges;
/// its sample partner does too; a non-empty directory is refused untouched; the pipelines it writes parse, fetch a
/// pinned release, verify its checksum and never build onboard.
@Suite struct InitCommandTests {
    static let passphrase = "init-test-passphrase"

    /// `onboard ARGUMENTS` in `directory` with an empty environment but for PATH, HOME and `extra`.
    static func clean(_ arguments: [String], in directory: URL, _ extra: [String] = []) throws -> ExternalTool.Result {
        try ExternalTool.run(
            "env", ["-i", "PATH=/usr/bin:/bin", "HOME=\(directory.path)"] + extra + [OnboardBinary.url.path] + arguments,
            in: directory)
    }

    @Test func aNewNetworkValidatesAppliesAndConvergesWithNothingElse() throws {
        let temporary = try TemporaryDirectory()
        var run = try Self.clean(
            ["init", "net", "--hospital-name", "St Elsewhere", "--deployment", "st-elsewhere"], in: temporary.url)
        #expect(run.status == 0, "\(run.output)")
        let net = temporary.url.appendingPathComponent("net")
        let secret = ["ONBOARD_CA_PASSPHRASE=\(Self.passphrase)"]
        run = try Self.clean(["validate"], in: net)
        #expect(run.status == 0 && run.output.contains("no problems"), "\(run.output)")
        run = try Self.clean(["apply", "--auto-approve"], in: net, secret)
        #expect(run.status == 0, "\(run.output)")
        run = try Self.clean(["plan", "--detailed-exitcode"], in: net, secret)
        #expect(run.status == 0, "\(run.output)")
        let deployment = try String(contentsOf: net.appendingPathComponent("onboard.yaml"), encoding: .utf8)
        #expect(deployment.contains("    name: \"St Elsewhere\"") && deployment.contains("  name: st-elsewhere"))

        // The commented sample, copied as the README says, is a partner that validates and applies.
        try FileManager.default.copyItem(
            at: net.appendingPathComponent("Partners/example-laboratory.yaml.sample"),
            to: net.appendingPathComponent("Partners/example-laboratory.yaml"))
        run = try Self.clean(["plan", "--detailed-exitcode"], in: net, secret)
        #expect(run.status == 2 && run.output.contains("+ partner/example-laboratory/client"), "\(run.output)")
        #expect(try Self.clean(["apply", "--auto-approve"], in: net, secret).status == 0)
        #expect(FileManager.default.fileExists(atPath: net.appendingPathComponent("out/kits/example-laboratory/README.md").path))
        #expect(try Self.clean(["plan", "--detailed-exitcode"], in: net, secret).status == 0)
    }

    @Test func aDirectoryThatIsNotEmptyIsRefusedAndLeftAsItWas() throws {
        let temporary = try TemporaryDirectory()
        let existing = temporary.url.appendingPathComponent("notes.txt")
        try Data("ours\n".utf8).write(to: existing)
        let run = try Self.clean(
            ["init", ".", "--hospital-name", "St Elsewhere", "--deployment", "st-elsewhere"], in: temporary.url)
        #expect(run.status == 1 && run.output.contains("is not empty"), "\(run.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path) == ["notes.txt"])
        #expect(try String(contentsOf: existing, encoding: .utf8) == "ours\n")
    }

    @Test func badSettingsAreRefusedBeforeAnythingIsWritten() throws {
        let temporary = try TemporaryDirectory()
        for (arguments, message) in [
            (["--deployment", "St Elsewhere"], "--deployment"),
            (["--deployment", "st-elsewhere", "--fhir-url", "http://fhir.example.org"], "--fhir-url"),
            (["--deployment", "st-elsewhere", "--release-sha256", "abc"], "--release-sha256"),
            (["--deployment", "st-elsewhere", "--release-url", "https://x.example/${{ secrets.A }}"], "--release-url"),
        ] {
            let run = try Self.clean(["init", "net", "--hospital-name", "St Elsewhere"] + arguments, in: temporary.url)
            #expect(run.status == 1 && run.output.contains(message), "\(run.output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).isEmpty)
    }

    @Test func thePipelinesParseFetchAPinnedVerifiedReleaseAndNeverBuildOnboard() throws {
        let temporary = try TemporaryDirectory()
        let checksum = String(repeating: "ab", count: 32)
        let run = try Self.clean(
            [
                "init", "net", "--hospital-name", "St Elsewhere", "--deployment", "st-elsewhere", "--release-url",
                "https://artifacts.st-elsewhere.example/onboard", "--release-sha256", checksum,
            ], in: temporary.url)
        #expect(run.status == 0, "\(run.output)")
        let net = temporary.url.appendingPathComponent("net")
        let version = try OnboardBinary.run(["--version"], in: net).output.split(separator: " ").first.map(String.init)
        for file in [".github/workflows/onboard.yml", ".gitlab-ci.yml"] {
            let path = net.appendingPathComponent(file).path
            let parsed = try ExternalTool.run(
                SchemaChecker.python,
                ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path])
            #expect(parsed.status == 0, "\(file) does not parse: \(parsed.output)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains("swift build") && !text.contains("swift run"), "\(file) builds onboard")
            #expect(text.contains("sha256sum -c"), "\(file)")
            #expect(text.contains("ONBOARD_VERSION: \"\(version ?? "?")\""), "\(file)")
            #expect(text.contains("ONBOARD_SHA256: \"\(checksum)\""), "\(file)")
            #expect(text.contains("https://artifacts.st-elsewhere.example/onboard"), "\(file)")
        }
        // The GitLab job runs the binary on a slim image: it installs the one library such an image lacks.
        let gitlab = try String(contentsOf: net.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8)
        #expect(gitlab.contains("libsqlite3-0"))
    }
}
