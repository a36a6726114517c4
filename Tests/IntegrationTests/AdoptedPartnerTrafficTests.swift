import Foundation
import OnboardTestSupport
import Testing

/// A partner set up entirely by hand — directory entries at sekmet, a client registered straight at glewlwyd with its
/// own key, a certificate the hospital's CA issued with the openssl CLI — is imported and then calls FHIR through
/// onboard's gateway with the very certificate, client id and key it had before: nothing the partner holds changes.
extension LivePlatformTests {
    @Test(
        "a partner made by hand keeps its certificate, client and key through the import and calls FHIR through the gateway"
    )
    func adoptedPartnerCallsThroughTheGatewayWithWhatItHad() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.handMadeWorkspace(platform)
        let root = workspace.root
        let environment = platform.onboardEnvironment
        try Self.makeByHand(platform, 301, name: "Ridge Laboratory", role: "provider")
        let partner = try TestPartner(id: "ridge-laboratory", directory: root)
        let (clientID, _) = try Self.registerByHand(platform, name: "Ridge Laboratory", partner: partner)
        // The certificate an administrator issued from the partner CA by hand, for the partner's CSR.
        try workspace.write(
            "ext.cnf",
            "subjectAltName=URI:urn:onboard:partner:st-marys:ridge-laboratory\n"
                + "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n"
        )
        let issued = try ExternalTool.run(
            "openssl",
            [
                "x509", "-req", "-in", "ridge-laboratory.csr.pem", "-CA", ".onboard/ca/issuing-ca.cert.pem",
                "-CAkey", ".onboard/ca/issuing-ca.key.pem", "-passin", "pass:\(environment["ONBOARD_CA_PASSPHRASE"]!)",
                "-days", "200", "-set_serial", "0x5EED0301", "-subj", "/CN=ridge-laboratory", "-extfile", "ext.cnf",
                "-out", "Partners/ridge-laboratory.cert.pem",
            ], in: root)
        #expect(issued.status == 0, "\(issued.output)")
        let certificate = root.appendingPathComponent("Partners/ridge-laboratory.cert.pem")
        let before = try String(contentsOf: certificate, encoding: .utf8)

        var run = try onboard(["import", "--from-platform", "--template", "laboratory"])
        #expect(run.output.contains("wrote Partners/ridge-laboratory.yaml"), "\(run.output)")
        try workspace.edit("Partners/ridge-laboratory.yaml") { $0 + "    certificate: ridge-laboratory.cert.pem\n" }
        run = try onboard(["plan", "--format", "json"])
        let changes =
            (try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])?["changes"]
            as? [[String: Any]] ?? []
        func change(_ kind: String) -> [String: Any]? {
            changes.first { $0["address"] as? String == "partner/ridge-laboratory/\(kind)" }
        }
        #expect(
            change("certificate")?["action"] as? String == "import"
                && change("certificate")?["adopting"] as? String == "5EED0301", "\(run.output)")
        #expect(
            change("client")?["action"] as? String == "import" && change("client")?["adopting"] as? String == clientID)
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")

        // Its own certificate (unchanged, also the one in its kit), its hand-registered client id and its own key.
        #expect(try String(contentsOf: certificate, encoding: .utf8) == before)
        #expect(
            try String(
                contentsOf: root.appendingPathComponent("out/kits/ridge-laboratory/certificate.pem"), encoding: .utf8)
                == before)
        let token = try partner.token(platform, clientID: clientID, scope: "system/ServiceRequest.rs")
        #expect(token.status == 200, "\(token.body)")
        let accessToken = try Self.accessToken(token)
        // Its referrals are named by the Organization made by hand, which it keeps.
        let organization = try #require(change("organization")?["adopting"] as? String)
        let call = try Self.eventually(200) {
            try partner.call(
                platform, "/fhir/ServiceRequest?requester=\(organization)&_count=1", certificate: certificate,
                token: accessToken)
        }
        #expect(call.status == 200, "\(call.status) \(call.body)")
        // And only what its scopes allow.
        #expect(
            try partner.call(platform, "/fhir/Patient?_count=1", certificate: certificate, token: accessToken).status
                == 403)
    }
}
