import Foundation
import OnboardTestSupport
import Testing

/// The "try the live example by hand" block of docs/live-platform.md, run as written on the real platform it starts; and a partner
/// whose published key set cannot be read stops the plan at its line before anything reaches the platform.
extension LivePlatformTests {
    @Test("the documented live example applies every partner as written; an unreachable jwksUri stops plan at its line")
    func liveExampleByHand() throws {
        defer { try? LivePlatform.peers(["stop"]) }
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("docs/live-platform.md"), encoding: .utf8)
        let after = try #require(readme.range(of: "To try the live example by hand")?.upperBound)
        let fence = try #require(readme.range(of: "```sh\n", range: after..<readme.endIndex))
        let end = try #require(readme.range(of: "```\n", range: fence.upperBound..<readme.endIndex))
        let block = String(readme[fence.upperBound..<end.lowerBound])
        // The block runs the debug build at its usual place: it must be the binary under test.
        let written = Repository.root.appendingPathComponent(".build/debug/onboard").resolvingSymlinksInPath()
        #expect(
            written.path == OnboardBinary.url.resolvingSymlinksInPath().path, "the README's binary is another build")
        let run = try ExternalTool.run("bash", ["-euo", "pipefail", "-c", block], in: Repository.root)
        #expect(run.status == 0, "\(run.output)")
        for partner in ["harbor-imaging", "northside-lab", "okafor-cardiology", "riverside-clinic", "westfield-clinic"]
        {
            #expect(run.output.contains("kit for \(partner) written"), "\(partner): \(run.output)")
        }
        #expect(run.output.contains("Apply complete:"), "\(run.output)")

        // A fresh platform and a fresh copy whose harbor-imaging publishes its keys where nothing answers.
        let platform = try LivePlatform()
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        let silent = FreePort.find()
        try workspace.edit("Partners/harbor-imaging.yaml") {
            $0.replacingOccurrences(
                of: "https://127.0.0.1:18444/harbor-imaging.jwks.json", with: "https://127.0.0.1:\(silent)/jwks.json")
        }
        let line =
            try #require(
                try String(
                    contentsOf: workspace.root.appendingPathComponent("Partners/harbor-imaging.yaml"), encoding: .utf8
                ).split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.contains("jwksUri:") }) + 1
        #expect(try onboard(["ca", "init"]).status == 0)
        let plan = try onboard(["plan"])
        #expect(plan.status == 1, "\(plan.output)")
        #expect(
            plan.output.contains(
                "Partners/harbor-imaging.yaml:\(line):14: error: spec.access.jwksUri: the key set of partner "
                    + "harbor-imaging cannot be used, as the authorization server would read it: the partner's key set server at "
                    + "https://127.0.0.1:\(silent) cannot be reached (connection refused)"), "\(plan.output)")
        #expect(plan.output.contains("[key-set-unusable]"), "\(plan.output)")
        let apply = try onboard(["apply", "--auto-approve"])
        #expect(apply.status == 1, "\(apply.output)")
        let organizations = try platform.fhir("GET", "Organization?_tag=urn:onboard:deployment|st-marys&_summary=count")
        #expect(organizations.json["total"] as? Int == 0, "nothing reached the FHIR server: \(organizations.body)")
        #expect(try platform.oauthClients().isEmpty, "nothing reached the OAuth server")

        // A key set holding a private key is refused the same way, without quoting the key.
        let published = URL(fileURLWithPath: platform["PARTNER_WEB_ROOT"]).appendingPathComponent("leaky.jwks.json")
        try #"{"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "d": "c2VjcmV0LXByaXZhdGUta2V5"}]}"#
            .write(to: published, atomically: true, encoding: .utf8)
        try workspace.edit("Partners/harbor-imaging.yaml") {
            $0.replacingOccurrences(
                of: "https://127.0.0.1:\(silent)/jwks.json", with: "\(platform["PARTNER_WEB"])/leaky.jwks.json")
        }
        let leaky = try onboard(["plan"])
        #expect(leaky.status == 1)
        #expect(leaky.output.contains("keys[0] holds private key material (\"d\")"), "\(leaky.output)")
        #expect(!leaky.output.contains("c2VjcmV0"), "the private key is never printed")
    }
}
