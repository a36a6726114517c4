import Foundation
import OnboardTestSupport
import Testing

/// The partner CA in OpenBao on the real platform (OpenBao 2.7.2 initialised and unsealed by the peers script, TLS,
/// a root and an issuing PKI mount, an AppRole that may only sign, revoke and read), with PostgreSQL state: the
/// example network applies; every certificate chains to OpenBao's root under `openssl verify -crl_check_all` and
/// carries exactly its SAN URI and clientAuth; no CA private key is anywhere onboard writes; a CSR asking for more
/// names gets only its partner's; a role broader than partner client certificates is refused; suspension, resumption
/// and offboarding hold at the gateway; OpenBao sealed before and in the middle of an apply stops it with one line,
/// and after unsealing the next apply converges with one certificate per partner.
extension LivePlatformTests {
    @Test("OpenBao CA: issuance, chain and SANs, no CA key, role check, suspension, offboarding, sealed mid-apply")
    func openBaoCA() async throws {
        let platform = try LivePlatform(openbao: true)
        defer { platform.stop() }
        let database = try await PostgresServer()
        defer { Task { await database.stop() } }
        let url = try await database.createDatabase("openbao")
        let (workspace, onboard) = try Self.openBaoWorkspace(platform, stateURL: url)
        let root = workspace.root
        func kit(_ partner: String, _ file: String) -> URL {
            root.appendingPathComponent("out/kits/\(partner)/\(file)")
        }
        func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        func openssl(_ arguments: [String]) throws -> ExternalTool.Result {
            try ExternalTool.run("openssl", arguments, in: root)
        }

        // Two partners played by the test: a laboratory, and a clinic whose CSR asks for a DNS name, an IP address
        // and a URI of its own choosing besides its subject.
        let partners = root.appendingPathComponent("Partners")
        let lab = try TestPartner(id: "lakeside-lab", directory: partners)
        try workspace.write("Partners/lakeside-lab.jwks.json", lab.jwks)
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "active"))
        let cedar = try TestPartner(id: "cedar-lab", directory: partners)
        let wider = try openssl([
            "req", "-new", "-key", cedar.keyFile.path, "-subj", "/CN=cedar-lab", "-addext",
            "subjectAltName=DNS:fhir.st-marys.example,IP:127.0.0.1,URI:urn:example:elsewhere",
            "-out", "Partners/cedar-lab.csr.pem",
        ])
        #expect(wider.status == 0, "\(wider.output)")
        try workspace.write("Partners/cedar-lab.jwks.json", cedar.jwks)
        try workspace.write(
            "Partners/cedar-lab.yaml",
            Self.lakeside(status: "active").replacingOccurrences(of: "lakeside-lab", with: "cedar-lab")
                .replacingOccurrences(of: "Lakeside", with: "Cedar"))

        // 1. The example network and the two partners, with no `ca init`: the keys are OpenBao's.
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("created the partner CA"), "\(run.output)")
        let rootPEM = try platform.curl(["\(platform["OPENBAO_ADDR"])/v1/pki/ca/pem"]).body
        try workspace.write("openbao-root.pem", rootPEM)
        let gatewayCRL = root.appendingPathComponent(".peers/nginx/conf.d/onboard-partners.crl.pem").path
        let issuedTo = [
            "northside-lab", "riverside-clinic", "harbor-imaging", "okafor-cardiology", "westfield-clinic",
            "lakeside-lab", "cedar-lab",
        ]
        for partner in issuedTo {
            let certificate = kit(partner, "certificate.pem").path
            let verify = try openssl([
                "verify", "-crl_check_all", "-CAfile", "openbao-root.pem", "-untrusted",
                kit(partner, "ca-chain.pem").path,
                "-CRLfile", gatewayCRL, certificate,
            ])
            #expect(verify.status == 0 && verify.output.contains(": OK"), "\(partner): \(verify.output)")
            let names = try openssl(["x509", "-in", certificate, "-noout", "-ext", "subjectAltName,extendedKeyUsage"])
                .output
            let uris = names.components(separatedBy: "URI:").count - 1
            #expect(uris == 1 && names.contains("URI:urn:onboard:partner:st-marys:\(partner)"), "\(partner): \(names)")
            #expect(!names.contains("DNS:") && !names.contains("IP Address"), "\(partner): \(names)")
            #expect(names.contains("TLS Web Client Authentication") && !names.contains("Server"), "\(names)")
        }

        // No CA private key anywhere onboard writes: the checkout, .onboard/, out/ and the PostgreSQL database.
        let issuing = try platform.curl(["\(platform["OPENBAO_ADDR"])/v1/pki_int/ca/pem"]).body
        try workspace.write("openbao-issuing.pem", issuing)
        let caKeys = try ["openbao-root.pem", "openbao-issuing.pem"].map {
            try openssl(["x509", "-in", $0, "-noout", "-pubkey"]).output
        }
        for file in Self.files(under: root) {
            let content = text(file)
            let relative = String(file.path.dropFirst(root.path.count + 1))
            if relative.hasPrefix(".onboard/") || relative.hasPrefix("out/") {
                #expect(!content.contains("PRIVATE KEY"), "\(relative) holds a private key")
            }
            guard content.contains("PRIVATE KEY-----") else { continue }
            let key = try openssl(["pkey", "-in", file.path, "-pubout"]).output
            #expect(!caKeys.contains(key), "\(relative) holds a CA private key")
        }
        let tables = try await database.psql(
            "openbao", "SELECT string_agg(table_name, ' ') FROM information_schema.tables WHERE table_schema = 'public'"
        )
        #expect(tables.contains("onboard_ca_files"), "\(tables)")
        for table in tables.split(separator: " ").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) {
            let rows = try await database.psql("openbao", "SELECT t::text FROM \(table) t")
            #expect(!rows.contains("PRIVATE KEY"), "\(table)")
        }
        let stored = try await database.psql(
            "openbao",
            "SELECT name || ' ' || content FROM onboard_ca_files WHERE deployment = 'st-marys/.onboard/openbao/pki_int'"
        )
        let names = stored.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(names) == ["inventory.json", "ca-chain.pem", "partners.crl.pem"], "\(names)")
        for line in stored.split(separator: "\n") {
            let content = line.split(separator: " ").last.flatMap { Data(base64Encoded: String($0)) } ?? Data()
            #expect(!String(decoding: content, as: UTF8.self).contains("PRIVATE KEY"), "\(line.prefix(40))")
        }

        // 2. The clinic's CSR asked for a DNS name, an IP address and another URI; OpenBao signed its SAN URI only.
        // A CSR naming another partner is refused by onboard before OpenBao sees it; and the AppRole itself, used by
        // hand as a thief of onboard's credentials would, gets the requested SAN URI only, whatever its CSR says, and
        // is refused sign-verbatim.
        let stolen = try openssl([
            "req", "-new", "-key", cedar.keyFile.path, "-subj", "/CN=cedar-lab", "-addext",
            "subjectAltName=URI:urn:onboard:partner:st-marys:northside-lab",
        ]).output
        let login = try platform.curl([
            "-X", "POST", "--data",
            "{\"role_id\":\"\(platform["OPENBAO_ROLE_ID"])\",\"secret_id\":\"\(platform["OPENBAO_SECRET_ID"])\"}",
            "\(platform["OPENBAO_ADDR"])/v1/auth/approle/login",
        ])
        let appToken = (login.json["auth"] as? [String: Any])?["client_token"] as? String ?? ""
        func sign(_ path: String, _ body: [String: Any]) throws -> LivePlatform.Response {
            try platform.curl([
                "-X", "POST", "-H", "X-Vault-Token: \(appToken)", "--data-binary",
                String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
                "\(platform["OPENBAO_ADDR"])/v1/pki_int/\(path)",
            ])
        }
        let signed = try sign(
            "sign/partner",
            [
                "csr": stolen, "common_name": "cedar-lab", "uri_sans": "urn:onboard:partner:st-marys:cedar-lab",
                "exclude_cn_from_sans": true, "ttl": "1h",
            ])
        let signedPEM = (signed.json["data"] as? [String: Any])?["certificate"] as? String ?? ""
        try workspace.write("stolen.pem", signedPEM)
        let stolenNames = try openssl(["x509", "-in", "stolen.pem", "-noout", "-ext", "subjectAltName"]).output
        #expect(stolenNames.contains("URI:urn:onboard:partner:st-marys:cedar-lab"), "\(signed.body)")
        #expect(!stolenNames.contains("northside-lab"), "\(stolenNames)")
        let verbatim = try sign("sign-verbatim/partner", ["csr": stolen])
        #expect(verbatim.status == 403, "\(verbatim.body)")
        try workspace.write("Partners/cedar-lab.csr.pem", stolen)
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("asks for SAN urn:onboard:partner:st-marys:northside-lab"), "\(run.output)")
        let plain = try openssl([
            "req", "-new", "-key", cedar.keyFile.path, "-subj", "/CN=cedar-lab", "-out", "Partners/cedar-lab.csr.pem",
        ])
        #expect(plain.status == 0, "\(plain.output)")

        // A role that could issue more than partner client certificates: nothing is signed through it.
        let before = try platform.openBaoCertificates().count
        #expect(
            try platform.bao(["patch", "pki_int/roles/partner", "allow_ip_sans=true", "server_flag=true"]).status == 0)
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("[ca-role-too-broad]"), "\(run.output)")
        #expect(
            run.output.contains("allow_ip_sans is true") && run.output.contains("server_flag is true"), "\(run.output)")
        #expect(try platform.openBaoCertificates().count == before, "nothing signed through a broad role")
        #expect(
            try platform.bao(["patch", "pki_int/roles/partner", "allow_ip_sans=false", "server_flag=false"]).status == 0
        )
        // Credentials that could do more than sign through the role (the root token) are refused too.
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "auth: {method: approle, roleIdEnv: ONBOARD_BAO_ROLE_ID, secretIdEnv: ONBOARD_BAO_SECRET_ID}",
                with: "auth: {method: token, tokenEnv: ONBOARD_BAO_TOKEN}")
        }
        run = try await OnboardBinary.run(
            ["apply", "--auto-approve"], in: root,
            environment: Self.openBaoEnvironment(platform, stateURL: url).merging(
                ["ONBOARD_BAO_TOKEN": platform.openBaoOperator["BAO_TOKEN"] ?? ""]) { $1 })
        #expect(run.status == 1, "\(run.output)")
        #expect(
            run.output.contains("[ca-role-too-broad]") && run.output.contains("may also sign verbatim"), "\(run.output)"
        )
        #expect(!run.output.contains(platform.openBaoOperator["BAO_TOKEN"] ?? "-"), "the token is never printed")
        #expect(try platform.openBaoCertificates().count == before, "nothing signed with such credentials")
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "auth: {method: token, tokenEnv: ONBOARD_BAO_TOKEN}",
                with: "auth: {method: approle, roleIdEnv: ONBOARD_BAO_ROLE_ID, secretIdEnv: ONBOARD_BAO_SECRET_ID}")
        }
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "the clinic's new CSR, through the role as it was: \(run.output)")

        // 3. The laboratory calls FHIR through the gateway; suspended it is refused and its certificate stays off
        // OpenBao's CRL (a hold is onboard's); resumed it works again with the same certificate.
        let labClient =
            (try JSONSerialization.jsonObject(with: Data(contentsOf: kit("lakeside-lab", "client.json")))
            as? [String: Any])?["client_id"] as? String ?? ""
        func labCall() throws -> LivePlatform.Response {
            let token = try Self.accessToken(
                lab.token(platform, clientID: labClient, scope: "system/ServiceRequest.rs"))
            return try platform.curl([
                "--cert", kit("lakeside-lab", "certificate.pem").path, "--key", lab.keyFile.path,
                "-H", "Authorization: Bearer \(token)",
                "\(platform["GATEWAY_URL"])/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1",
            ])
        }
        #expect(try Self.eventually(200) { try labCall() }.status == 200)
        let labCertificate = text(kit("lakeside-lab", "certificate.pem"))
        let serial = try openssl(["x509", "-in", kit("lakeside-lab", "certificate.pem").path, "-noout", "-serial"])
            .output.replacingOccurrences(of: "serial=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        func onOpenBaoCRL() throws -> Bool {
            let crl = try platform.curl(["\(platform["OPENBAO_ADDR"])/v1/pki_int/crl/pem"]).body
            try workspace.write("openbao.crl.pem", crl)
            return try openssl(["crl", "-in", "openbao.crl.pem", "-noout", "-text"]).output.contains(serial)
        }
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "suspended"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            try Self.eventually(403) {
                try platform.curl([
                    "--cert", kit("lakeside-lab", "certificate.pem").path, "--key", lab.keyFile.path,
                    "\(platform["GATEWAY_URL"])/fhir/ServiceRequest?_count=1",
                ])
            }.status == 403, "a suspended partner has no route")
        #expect(try !onOpenBaoCRL(), "OpenBao's revocation is final; a hold is not on its CRL")
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "active"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try Self.eventually(200) { try labCall() }.status == 200, "resumed")
        #expect(text(kit("lakeside-lab", "certificate.pem")) == labCertificate, "resumed with no re-issue")

        // 4. Sealed before an apply that issues: one line naming OpenBao and the step; nothing else changes.
        let birch = try TestPartner(id: "birch-lab", directory: partners)
        try workspace.write("Partners/birch-lab.jwks.json", birch.jwks)
        try workspace.write(
            "Partners/birch-lab.yaml",
            Self.lakeside(status: "active").replacingOccurrences(of: "lakeside-lab", with: "birch-lab")
                .replacingOccurrences(of: "Lakeside", with: "Birch"))
        #expect(try platform.bao(["operator", "seal"]).status == 0)
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 1, "\(run.output)")
        let sealedLine = run.output.split(separator: "\n").filter { $0.contains("is sealed") }
        #expect(
            sealedLine.count == 1 && sealedLine[0].contains("apply stopped at partner/birch-lab/certificate")
                && sealedLine[0].contains("OpenBao at https://127.0.0.1:18200 (pki_int, role partner) is sealed: "),
            "\(run.output)")
        #expect(
            try platform.bao(["operator", "unseal", platform.openBaoOperator["ONBOARD_TEST_UNSEAL_KEY"] ?? ""]).status
                == 0)
        // This apply is the released binary's (static, optimised): it signs through OpenBao as the debug build does.
        let unpacked = root.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let binary = try ReleaseTarball().unpack(into: unpacked)
        let released = try ExternalTool.run(
            binary.path, ["apply", "--auto-approve"], in: root,
            environment: Self.openBaoEnvironment(platform, stateURL: url))
        #expect(released.status == 0, "\(released.output)")

        // Sealed in the middle of an apply: offboarding the laboratory revokes its certificate at OpenBao, then the
        // gateway's reload seals OpenBao (a hook of this test), so publishing the CRL fails, named.
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "reloadCommand: [/usr/sbin/nginx, -s, reload, -p, .peers/nginx, -c, nginx.conf]",
                with:
                    "reloadCommand: [/bin/bash, -c, \"$ONBOARD_TEST_BAO operator seal && /usr/sbin/nginx -s reload -p .peers/nginx -c nginx.conf\"]"
            )
        }
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "offboarded"))
        let sealing = platform.openBaoOperator.merging(["ONBOARD_TEST_BAO": platform["OPENBAO_BIN"]]) { $1 }
        run = try await OnboardBinary.run(
            ["apply", "--auto-approve"], in: root,
            environment: Self.openBaoEnvironment(platform, stateURL: url).merging(sealing) { $1 })
        #expect(run.status == 1, "\(run.output)")
        let midLine = run.output.split(separator: "\n").filter { $0.contains("is sealed") }
        #expect(
            midLine.count == 1 && midLine[0].contains("ca/crl")
                && midLine[0].contains("reading the CRL of pki_int did not happen"),
            "\(run.output)")
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of:
                    "reloadCommand: [/bin/bash, -c, \"$ONBOARD_TEST_BAO operator seal && /usr/sbin/nginx -s reload -p .peers/nginx -c nginx.conf\"]",
                with: "reloadCommand: [/usr/sbin/nginx, -s, reload, -p, .peers/nginx, -c, nginx.conf]")
        }
        #expect(
            try platform.bao(["operator", "unseal", platform.openBaoOperator["ONBOARD_TEST_UNSEAL_KEY"] ?? ""]).status
                == 0)
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        #expect(try onOpenBaoCRL(), "the offboarded laboratory's serial is on OpenBao's CRL")
        let refused = try Self.eventually(400) {
            try platform.curl([
                "--cert", kit("lakeside-lab", "certificate.pem").path, "--key", lab.keyFile.path,
                "\(platform["GATEWAY_URL"])/fhir/ServiceRequest?_count=1",
            ])
        }
        #expect(refused.status == 400, "nginx refuses a revoked certificate: \(refused.body)")

        // One certificate per partner at OpenBao (cedar-lab: one per CSR it sent), and `ca show` lists them.
        var perPartner: [String: Int] = [:]
        for pem in try platform.openBaoCertificates() {
            try workspace.write("listed.pem", pem)
            let names = try openssl(["x509", "-in", "listed.pem", "-noout", "-ext", "subjectAltName"]).output
            if let range = names.range(of: "urn:onboard:partner:st-marys:") {
                let id = names[range.upperBound...].prefix { !$0.isWhitespace }
                perPartner[String(id), default: 0] += 1
            }
        }
        for partner in issuedTo + ["birch-lab"] where partner != "cedar-lab" {
            #expect(perPartner[partner] == 1, "\(partner): \(perPartner)")
        }
        #expect(perPartner["cedar-lab"] == 3, "its first CSR, the hand-signed one, its new CSR: \(perPartner)")
        run = try onboard(["ca", "show"])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            run.output.contains("issued by OpenBao at https://127.0.0.1:18200 (pki_int, role partner)"), "\(run.output)"
        )
        #expect(run.output.contains("not in onboard's inventory"), "the certificate signed by hand: \(run.output)")
        // That certificate is revoked at OpenBao with `ca revoke --serial`, recorded, and on OpenBao's CRL.
        let handSerial = try openssl(["x509", "-in", "stolen.pem", "-noout", "-serial"]).output
            .replacingOccurrences(of: "serial=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        run = try onboard(["ca", "revoke", "--serial", handSerial, "--reason", "keyCompromise"])
        #expect(run.status == 0 && run.output.contains("revoked \(handSerial) (cedar-lab)"), "\(run.output)")
        let crl = try platform.curl(["\(platform["OPENBAO_ADDR"])/v1/pki_int/crl/pem"]).body
        try workspace.write("after.crl.pem", crl)
        #expect(try openssl(["crl", "-in", "after.crl.pem", "-noout", "-text"]).output.contains(handSerial))
        #expect(try !onboard(["ca", "show"]).output.contains("not in onboard's inventory"))
    }

    /// The live workspace with the partner CA in OpenBao (AppRole login) and the state in PostgreSQL.
    static func openBaoWorkspace(
        _ platform: LivePlatform, stateURL: String
    ) throws -> (Workspace, ([String]) throws -> OnboardBinary.Run) {
        let (workspace, _) = try liveWorkspace(platform)
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "    backend: sqlite\n    path: .onboard/state.sqlite\n",
                with: "    backend: postgres\n    urlEnv: ONBOARD_STATE_URL\n"
            ).replacingOccurrences(of: fileCA, with: openBaoCA(platform))
        }
        let environment = openBaoEnvironment(platform, stateURL: stateURL)
        return (workspace, { try OnboardBinary.run($0, in: workspace.root, environment: environment) })
    }

    /// The file CA's block in the live example's onboard.yaml.
    static let fileCA = "  ca:\n    path: .onboard/ca\n    passphraseEnv: ONBOARD_CA_PASSPHRASE\n"

    /// `spec.ca` on the test platform's OpenBao, logging in with its AppRole.
    static func openBaoCA(_ platform: LivePlatform) -> String {
        """
          ca:
            backend: openbao
            openbao:
              address: \(platform["OPENBAO_ADDR"])
              mount: pki_int
              rootMount: pki
              role: partner
              caBundle: .peers/tls/ca.pem
              auth: {method: approle, roleIdEnv: ONBOARD_BAO_ROLE_ID, secretIdEnv: ONBOARD_BAO_SECRET_ID}

        """
    }

    static func openBaoEnvironment(_ platform: LivePlatform, stateURL: String) -> [String: String] {
        platform.onboardEnvironment.merging([
            "ONBOARD_STATE_URL": stateURL, "ONBOARD_BAO_ROLE_ID": platform["OPENBAO_ROLE_ID"],
            "ONBOARD_BAO_SECRET_ID": platform["OPENBAO_SECRET_ID"], "ONBOARD_CA_PASSPHRASE": "",
        ]) { $1 }
    }

    /// Every regular file under `root`, not following the link to the test platform's own files.
    static func files(under root: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values?.isSymbolicLink == true {
                enumerator?.skipDescendants()
            } else if values?.isRegularFile == true {
                files.append(url)
            }
        }
        return files
    }
}

extension LivePlatformTests {
    /// CA rotation from the file CA to OpenBao on the live platform: a partner calls FHIR through the gateway before
    /// (file CA certificate), during (the old certificate, then the new OpenBao one, both accepted) and after the
    /// deadline (the new one only); the old chain is gone from the gateway at the end.
    @Test("CA rotation from the file CA to OpenBao: the partner keeps working before, during and after")
    func caRotationToOpenBao() async throws {
        let platform = try LivePlatform(openbao: true)
        defer { platform.stop() }
        let (workspace, _) = try Self.liveWorkspace(platform)
        let root = workspace.root
        let environment = Self.openBaoEnvironment(platform, stateURL: "")
            .merging(["ONBOARD_CA_PASSPHRASE": platform.onboardEnvironment["ONBOARD_CA_PASSPHRASE"] ?? ""]) { $1 }
        let onboard = { (arguments: [String]) throws -> OnboardBinary.Run in
            try OnboardBinary.run(arguments, in: root, environment: environment)
        }
        let lab = try TestPartner(id: "lakeside-lab", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/lakeside-lab.jwks.json", lab.jwks)
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "active"))
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let kitCertificate = root.appendingPathComponent("out/kits/lakeside-lab/certificate.pem")
        let clientID =
            (try JSONSerialization.jsonObject(
                with: Data(contentsOf: root.appendingPathComponent("out/kits/lakeside-lab/client.json")))
            as? [String: Any])?["client_id"] as? String ?? ""
        func call(with certificate: URL) throws -> LivePlatform.Response {
            let token = try Self.accessToken(lab.token(platform, clientID: clientID, scope: "system/ServiceRequest.rs"))
            return try platform.curl([
                "--cert", certificate.path, "--key", lab.keyFile.path, "-H", "Authorization: Bearer \(token)",
                "\(platform["GATEWAY_URL"])/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1",
            ])
        }
        func issuer(_ certificate: URL) throws -> String {
            try ExternalTool.run("openssl", ["x509", "-in", certificate.path, "-noout", "-issuer"]).output
        }
        // Before: the file CA's certificate.
        #expect(try Self.eventually(200) { try call(with: kitCertificate) }.status == 200)
        let old = root.appendingPathComponent("old-certificate.pem")
        try FileManager.default.copyItem(at: kitCertificate, to: old)
        #expect(try issuer(old).contains("Issuing CA") && !(try issuer(old).contains("OpenBao")))

        // The rotation, as a field change the plan shows: every certificate re-issued, the gateway trusts both.
        let deadline = Date().addingTimeInterval(45)
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: Self.fileCA,
                with: Self.openBaoCA(platform)
                    + "    rotation:\n      from: {backend: files, path: .onboard/ca}\n"
                    + "      deadline: \(UTCInstantText.text(deadline))\n")
        }
        run = try onboard(["plan"])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            run.output.contains("partner/lakeside-lab/certificate  replace  (CA rotation: re-issued from the new CA"),
            "\(run.output)")
        #expect(run.output.contains("trustedIssuers: (none) →"), "\(run.output)")
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try issuer(kitCertificate).contains("(OpenBao)"))

        // During: the old certificate still works, and so does the new one.
        #expect(try call(with: old).status == 200, "the old certificate until the deadline")
        #expect(try Self.eventually(200) { try call(with: kitCertificate) }.status == 200, "the new certificate")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0, "nothing more until the deadline")

        // After the deadline: the plan drops the old chain; the new certificate works, the old one is refused.
        let wait = deadline.timeIntervalSinceNow + 1
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
        run = try onboard(["plan"])
        #expect(run.output.contains("gateway/config  update") && run.output.contains("→ (none)"), "\(run.output)")
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try Self.eventually(200) { try call(with: kitCertificate) }.status == 200, "after")
        let refused = try Self.eventually(400) { try call(with: old) }
        #expect(refused.status == 400, "the old chain is gone: \(refused.body)")
        let trusted = try String(
            contentsOf: root.appendingPathComponent(".peers/nginx/conf.d/onboard-partner-ca-chain.pem"), encoding: .utf8
        )
        let fileChain = try String(contentsOf: root.appendingPathComponent(".onboard/ca/ca-chain.pem"), encoding: .utf8)
        for block in fileChain.components(separatedBy: "-----END CERTIFICATE-----").dropLast() {
            let body = block.components(separatedBy: "-----BEGIN CERTIFICATE-----").last ?? ""
            #expect(
                !trusted.contains(body.trimmingCharacters(in: .whitespacesAndNewlines)), "an old CA is still trusted")
        }
        #expect(trusted.contains("BEGIN CERTIFICATE"))
    }
}

/// The UTC instant form partner and deployment files use.
enum UTCInstantText {
    static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
