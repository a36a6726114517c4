import Foundation
import OnboardTestSupport
import Testing

/// `onboard ca …` run as a process on a copy of the example network.
@Suite struct CACommandTests {
    static let passphrase = ["ONBOARD_CA_PASSPHRASE": "cli-test-passphrase"]

    func onboard(
        _ workspace: Workspace, _ arguments: [String], environment: [String: String] = passphrase
    ) throws -> OnboardBinary.Run {
        try OnboardBinary.run(arguments, in: workspace.root, environment: environment)
    }

    @Test func initRefusesWithoutPassphraseAndThenSucceedsOnce() throws {
        let workspace = try Workspace()
        let missing = try onboard(workspace, ["ca", "init"], environment: ["ONBOARD_CA_PASSPHRASE": ""])
        #expect(missing.status == 1)
        #expect(missing.output.contains("ONBOARD_CA_PASSPHRASE is not set"))
        let created = try onboard(workspace, ["ca", "init"])
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("CN=St Mary's Hospital Partner Root CA"))
        #expect(created.output.contains("CRL number 1"))
        #expect(
            FileManager.default.fileExists(
                atPath: workspace.root.appendingPathComponent("out/platform/pki/partners.crl.pem").path))
        let again = try onboard(workspace, ["ca", "init"])
        #expect(again.status == 1)
        #expect(again.output.contains("refusing to overwrite"))
    }

    @Test func issueRevokeAndShow() throws {
        let workspace = try Workspace()
        #expect(try onboard(workspace, ["ca", "init"]).status == 0)
        let issued = try onboard(workspace, ["ca", "issue", "--partner", "northside-lab"])
        #expect(issued.status == 0, "\(issued.output)")
        let kit = workspace.root.appendingPathComponent("out/kits/northside-lab")
        let certificate = try String(contentsOf: kit.appendingPathComponent("certificate.pem"), encoding: .utf8)
        #expect(certificate.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let verify = try ExternalTool.run(
            "openssl",
            [
                "verify", "-CAfile", workspace.root.appendingPathComponent("out/platform/pki/ca-chain.pem").path,
                "-purpose", "sslclient", kit.appendingPathComponent("certificate.pem").path,
            ])
        #expect(verify.status == 0, "\(verify.output)")

        let revoked = try onboard(
            workspace, ["ca", "revoke", "--partner", "northside-lab", "--reason", "keyCompromise"])
        #expect(revoked.status == 0, "\(revoked.output)")
        #expect(revoked.output.contains("published CRL number 2 (1 revoked or held)"))
        let shown = try onboard(workspace, ["ca", "show"], environment: [:])
        #expect(shown.status == 0, "ca show needs no passphrase: \(shown.output)")
        #expect(shown.output.contains("northside-lab"))
        #expect(shown.output.contains("revoked (keyCompromise)"))
    }

    @Test func generatedKeyGoesOnlyToTheKit() throws {
        let workspace = try Workspace()
        #expect(try onboard(workspace, ["ca", "init"]).status == 0)
        let issued = try onboard(workspace, ["ca", "issue", "--partner", "okafor-cardiology"])
        #expect(issued.status == 0, "\(issued.output)")
        let kit = workspace.root.appendingPathComponent("out/kits/okafor-cardiology")
        let passphrase = try String(contentsOf: kit.appendingPathComponent("client.p12.passphrase"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(passphrase.count >= 32)
        #expect(!issued.output.contains(passphrase), "the passphrase must never reach stdout")
        for name in ["client.p12", "client.p12.passphrase"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: kit.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let inventory = try String(
            contentsOf: workspace.root.appendingPathComponent(".onboard/ca/inventory.json"), encoding: .utf8
        )
        #expect(!inventory.contains(passphrase))
        let opened = try ExternalTool.run(
            "openssl",
            [
                "pkcs12", "-in", kit.appendingPathComponent("client.p12").path, "-passin", "pass:\(passphrase)",
                "-nokeys",
            ])
        #expect(opened.status == 0, "\(opened.output)")
    }

    @Test func wrongPassphraseIsOneLine() throws {
        let workspace = try Workspace()
        #expect(try onboard(workspace, ["ca", "init"]).status == 0)
        let run = try onboard(workspace, ["ca", "crl"], environment: ["ONBOARD_CA_PASSPHRASE": "not-the-right-one"])
        #expect(run.status == 1)
        #expect(run.output.split(separator: "\n").count == 1, "\(run.output)")
        #expect(run.output.contains("error: the passphrase in ONBOARD_CA_PASSPHRASE does not decrypt"))
    }

    @Test func issuingForAnInvalidPartnerShowsItsDiagnostics() throws {
        let workspace = try Workspace()
        #expect(try onboard(workspace, ["ca", "init"]).status == 0)
        try workspace.write("Partners/northside-lab.csr.pem", "not a CSR\n")
        let run = try onboard(workspace, ["ca", "issue", "--partner", "northside-lab"])
        #expect(run.status == 1)
        #expect(run.output.contains("Partners/northside-lab.yaml:"))
        #expect(run.output.contains("error: partner northside-lab is not valid"))
    }
}
