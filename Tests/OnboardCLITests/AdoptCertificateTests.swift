import Foundation
import OnboardTestSupport
import Testing

/// `spec.adopt.certificate` on the embedded platform with the real CA: a certificate the hospital's CA issued outside
/// onboard (by hand, with the openssl CLI and the CA's own key) is kept — same serial, in the inventory, in the kit —
/// until it is due for renewal; one another CA issued, or one the gateway would not map to the partner, is refused at
/// the line naming it.
@Suite struct AdoptCertificateTests {
    /// A certificate for northside-lab's CSR signed by the partner CA's issuing key, as an administrator would by hand.
    static func issueByHand(
        _ workspace: ReconcileWorkspace, subject: String, uri: String, serial: String, out: String
    ) throws {
        try workspace.workspace.write(
            "ext.cnf",
            "subjectAltName=URI:\(uri)\nextendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n"
        )
        let run = try ExternalTool.run(
            "openssl",
            [
                "x509", "-req", "-in", "Partners/northside-lab.csr.pem", "-CA", ".onboard/ca/issuing-ca.cert.pem",
                "-CAkey", ".onboard/ca/issuing-ca.key.pem", "-passin",
                "pass:\(ReconcileWorkspace.environment["ONBOARD_CA_PASSPHRASE"]!)",
                "-days", "200", "-set_serial", "0x\(serial)", "-subj", subject, "-extfile", "ext.cnf", "-out", out,
            ], in: workspace.root)
        #expect(run.status == 0, "openssl x509 -req failed: \(run.output)")
    }

    static func adopt(_ workspace: ReconcileWorkspace, _ file: String) throws {
        try workspace.edit("Partners/northside-lab.yaml") { $0 + "\n  adopt:\n    certificate: \(file)\n" }
    }

    @Test func aCertificateTheCAIssuedByHandIsKeptUntilRenewal() throws {
        let workspace = try ReconcileWorkspace()
        #expect(try workspace.onboard(["ca", "init"]).status == 0)
        try Self.issueByHand(
            workspace, subject: "/CN=northside-lab", uri: "urn:onboard:partner:st-marys:northside-lab",
            serial: "1234ABCD", out: "Partners/northside-lab.cert.pem")
        try Self.adopt(workspace, "northside-lab.cert.pem")
        var run = try workspace.plan()
        #expect(run.output.contains("<= partner/northside-lab/certificate  import  (adopts 1234ABCD"), "\(run.output)")
        run = try workspace.applyAll()
        #expect(run.status == 0, "\(run.output)")
        #expect(try workspace.plan().status == 0, "converged")
        #expect(
            try workspace.read("out/kits/northside-lab/certificate.pem")
                == workspace.read("Partners/northside-lab.cert.pem"))
        let serial = try ExternalTool.run(
            "sqlite3",
            [
                workspace.root.appendingPathComponent(".onboard/state.sqlite").path,
                "SELECT platform_id FROM resources WHERE address = 'partner/northside-lab/certificate'",
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(serial == "1234ABCD")
        let inventory = try workspace.read(".onboard/ca/inventory.json")
        #expect(inventory.contains("1234ABCD"), "in the CA inventory, so it can be revoked")
        // Kept until renewal: offboarding revokes it through the CRL like any other.
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: offboarded")
        }
        #expect(try workspace.applyAll().status == 0)
        let crl = try ExternalTool.run(
            "openssl", ["crl", "-in", "out/platform/pki/partners.crl.pem", "-noout", "-text"], in: workspace.root)
        #expect(crl.output.contains("1234ABCD"), "\(crl.output)")
    }

    @Test func aCertificateTheGatewayOrTheCACouldNotStandByIsRefused() throws {
        let workspace = try ReconcileWorkspace()
        #expect(try workspace.onboard(["ca", "init"]).status == 0)
        // Issued by another CA (self-signed), and by this CA for a subject the gateway does not map to the partner.
        let selfSigned = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "other.key",
                "-subj", "/CN=northside-lab", "-days", "30", "-out", "Partners/other-ca.pem",
            ], in: workspace.root)
        #expect(selfSigned.status == 0, "\(selfSigned.output)")
        try Self.issueByHand(
            workspace, subject: "/CN=someone-else", uri: "urn:onboard:partner:st-marys:northside-lab",
            serial: "AB01", out: "Partners/wrong-subject.pem")
        for (file, message) in [
            ("other-ca.pem", "not by this deployment's partner CA"),
            ("wrong-subject.pem", "its subject is CN=someone-else"),
        ] {
            try workspace.workspace.write(
                "Partners/northside-lab.yaml",
                try String(
                    contentsOf: Repository.root.appendingPathComponent("Partners/northside-lab.yaml"), encoding: .utf8))
            try Self.adopt(workspace, file)
            let run = try workspace.plan()
            #expect(run.status == 1)
            let line =
                try workspace.read("Partners/northside-lab.yaml").split(
                    separator: "\n", omittingEmptySubsequences: false
                )
                .firstIndex { $0.contains("certificate: \(file)") }.map { $0 + 1 } ?? 0
            #expect(
                run.output.contains(
                    "Partners/northside-lab.yaml:\(line):18: error: spec.adopt.certificate: the certificate cannot be adopted: "
                ), "\(run.output)")
            #expect(run.output.contains(message), "\(file): \(run.output)")
            #expect(run.output.contains("[adoption-refused]"))
            // For CI: the same refusal in the JSON error, located.
            let json = try workspace.onboard(["plan", "--format", "json"])
            let error =
                (try? JSONSerialization.jsonObject(with: Data(json.output.utf8.drop { $0 != UInt8(ascii: "{") })))
                as? [String: Any]
            let entry = ((error?["error"] as? [String: Any])?["diagnostics"] as? [[String: Any]])?.first
            #expect(
                entry?["path"] as? String == "spec.adopt.certificate" && entry?["line"] as? Int == line,
                "\(json.output)")
        }
        #expect(!(try workspace.read(".onboard/ca/inventory.json")).contains("AB01"), "nothing adopted")
    }
}
