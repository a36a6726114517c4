import Foundation
import OnboardTestSupport
import Testing

/// `onboard validate` run as a process, the way IT and CI run it.
@Suite struct ValidateCommandTests {
    @Test func exampleNetworkExitsZero() throws {
        let run = try OnboardBinary.run(["validate"], in: Repository.root)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("no problems"))
    }

    @Test func rootOptionAndBrokenFilesExitOne() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Partners/broken-lab.yaml", "apiVersion: onboard/v1\nkind: Partner\nmetadata:\n  id: broken-lab\n")
        let run = try OnboardBinary.run(["validate", "--root", workspace.root.path], in: Repository.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains(
                workspace.root.path + "/Partners/broken-lab.yaml:3:1: error: metadata.name: missing required field"))
        #expect(run.output.contains("error: spec: missing required field"))
        #expect(!run.output.contains("\u{1B}["), "no colour when not writing to a terminal")
    }

    /// A JWK's `alg` must fit its key (ES384 needs P-384): a key a server would refuse to verify with is an error in
    /// the file, at the partner's `jwks` line.
    @Test func aKeyWhoseAlgorithmDoesNotFitItIsRefused() throws {
        let workspace = try Workspace()
        try workspace.edit("Partners/northside-lab.jwks.json") {
            $0.replacingOccurrences(of: "\"alg\": \"ES384\"", with: "\"alg\": \"ES256\"")
        }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(run.output.contains("keys[0]: alg \"ES256\" needs a P-256 key, and this one is P-384"), "\(run.output)")
    }

    @Test func jsonOutputIsTheDocumentedArray() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Partners/json-lab.yaml",
            "apiVersion: onboard/v1\nkind: Partner\nmetadata: {id: json-lab, name: J}\nspec:\n  template: lab\n"
        )
        let run = try OnboardBinary.run(["validate", "--format", "json"], in: workspace.root)
        #expect(run.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(Set(entry.keys) == ["file", "line", "column", "severity", "code", "path", "message", "source"])
        #expect(entry["file"] as? String == "Partners/json-lab.yaml")
        #expect(entry["line"] as? Int == 5)
        #expect(entry["column"] as? Int == 13)
        #expect(entry["code"] as? String == "unknown-template")
        #expect(entry["path"] as? String == "spec.template")
        #expect(entry["severity"] as? String == "error")
    }

    @Test func cleanJSONOutputIsAnEmptyArray() throws {
        let run = try OnboardBinary.run(["validate", "--format", "json"], in: Repository.root)
        #expect(run.status == 0)
        #expect(run.output == "[]\n")
    }

    /// Secrets in files are refused, and their values appear in no output format.
    @Test func secretValuesNeverAppearInOutput() throws {
        let workspace = try Workspace()
        let secret = "zx9-client-secret-value-41"
        let jwkSecret = "jpsQnnGQmL-private-member-value"
        try workspace.write(
            "Partners/leaky-lab.yaml",
            """
            apiVersion: onboard/v1
            kind: Partner
            metadata: {id: leaky-lab, name: Leaky}
            spec:
              template: laboratory
              contacts: [{name: Desk, email: desk@leaky.example}]
              access:
                client_secret: \(secret)
                jwks: leaky-lab.jwks.json

            """)
        try workspace.write(
            "Partners/leaky-lab.jwks.json",
            #"{"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "d": "\#(jwkSecret)"}]}"#
        )
        for format in ["human", "json"] {
            let run = try OnboardBinary.run(["validate", "--format", format], in: workspace.root)
            #expect(run.status == 1)
            #expect(run.output.contains("secret-in-file") || run.output.contains("client secret does not belong"))
            #expect(!run.output.contains(secret), "\(format) output leaks the client secret")
            #expect(!run.output.contains(jwkSecret), "\(format) output leaks the private JWK member")
        }
    }
}
