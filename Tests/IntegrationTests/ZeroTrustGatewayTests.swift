import Crypto
import Foundation
import OnboardTestSupport
import Testing

/// The zero-trust gateway on the real platform (sekmet-fhir, glewlwyd, nginx with njs), tried as partners and as an
/// attacker holding a partner's certificate or token would: every FHIR call needs the partner's certificate and a
/// valid token glewlwyd issued to that partner's client with the right scope; tls_client_auth partners get
/// certificate-bound tokens at the gateway's mTLS token endpoint; a key rotation at glewlwyd is a planned gateway change.
extension LivePlatformTests {
    @Test(
        "zero-trust gateway: tokens, certificate binding, key rotation, suspension and offboarding on the real platform"
    )
    func zeroTrustGateway() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        let root = workspace.root
        func kit(_ partner: String) throws -> [String: Any] {
            let data = try Data(contentsOf: root.appendingPathComponent("out/kits/\(partner)/client.json"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        func certificate(_ partner: String) -> URL {
            root.appendingPathComponent("out/kits/\(partner)/certificate.pem")
        }

        // The shipped example, unchanged: riverside-clinic is a tls_client_auth client at glewlwyd, bound to its SAN URI.
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let riverside = try platform.oauthClient(try kit("riverside-clinic")["client_id"] as? String ?? "").json
        #expect(riverside["token_endpoint_auth_method"] as? [String] == ["tls_client_auth"], "\(riverside)")
        #expect(riverside["tls_client_auth_san_uri"] as? String == "urn:onboard:partner:st-marys:riverside-clinic")
        #expect(
            riverside["description"] as? String == "onboard:st-marys:riverside-clinic", "findable by its software_id")
        #expect(try kit("riverside-clinic")["token_endpoint"] as? String == platform["MTLS_TOKEN_URL"])

        // Two partners played by the test: a laboratory (private_key_jwt, a restricted scope) and a clinic
        // (tls_client_auth) whose keys the test makes.
        let lab = try TestPartner(id: "lakeside-lab", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/lakeside-lab.jwks.json", lab.jwks)
        try workspace.write(
            "Partners/lakeside-lab.yaml",
            Self.lakeside(status: "active").replacingOccurrences(
                of: "      - system/Observation.rs\n", with: "      - system/Observation.rs?category=laboratory\n"
            ))
        let clinic = try TestPartner(id: "maple-clinic", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/maple-clinic.yaml", Self.maple(status: "active"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let labClient = try kit("lakeside-lab")["client_id"] as? String ?? ""
        let clinicClient = try kit("maple-clinic")["client_id"] as? String ?? ""
        #expect(try kit("maple-clinic")["token_endpoint"] as? String == platform["MTLS_TOKEN_URL"])

        // 1. The laboratory with its certificate.
        let labToken = try Self.accessToken(
            lab.token(
                platform, clientID: labClient,
                scope: "system/Observation.rs?category=laboratory system/ServiceRequest.rs"))
        func labCall(_ path: String, token: String?) throws -> LivePlatform.Response {
            try platform.curl(
                ["--cert", certificate("lakeside-lab").path, "--key", lab.keyFile.path, "-D", "-"]
                    + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []) + [
                        "\(platform["GATEWAY_URL"])\(path)"
                    ])
        }
        let allowed = try LivePlatformTests.eventually(200) {
            try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: labToken)
        }
        #expect(allowed.status == 200, "\(allowed.body)")
        let missing = try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: nil)
        #expect(missing.status == 401)
        #expect(missing.body.contains(#"WWW-Authenticate: Bearer realm="onboard""#), "\(missing.body)")
        let garbage = try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: "garbage")
        #expect(garbage.status == 401)
        #expect(garbage.body.contains(#"error="invalid_token""#))
        let expired = try Self.serverSigned(
            platform,
            claims: [
                "iss": platform["ISSUER"], "client_id": labClient, "sub": labClient,
                "scope": "system/ServiceRequest.rs",
                "iat": Int(Date().timeIntervalSince1970) - 900, "exp": Int(Date().timeIntervalSince1970) - 600,
            ])
        let late = try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: expired)
        #expect(late.status == 401, "signed with glewlwyd's own key, but expired")
        #expect(late.body.contains("the token has expired"), "\(late.body)")
        let clinicToken = try Self.accessToken(
            platform.curl([
                "--cert", certificate("maple-clinic").path, "--key", clinic.keyFile.path, "-X", "POST",
                "--data-urlencode", "grant_type=client_credentials", "--data-urlencode", "client_id=\(clinicClient)",
                "--data-urlencode", "scope=system/Patient.rs system/Encounter.rs", platform["MTLS_TOKEN_URL"],
            ]))
        #expect(
            try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: clinicToken).status == 401,
            "another partner's valid token")
        let narrow = try Self.accessToken(lab.token(platform, clientID: labClient, scope: "system/ServiceRequest.rs"))
        let lacking = try labCall("/fhir/Observation?category=laboratory", token: narrow)
        #expect(lacking.status == 403, "declared, but not in this token")
        #expect(lacking.body.contains(#"error="insufficient_scope""#))
        #expect(try labCall("/fhir/Patient?_count=1", token: labToken).status == 403, "outside the declared scopes")
        #expect(
            try labCall("/fhir/Observation?_count=1", token: labToken).status == 403,
            "restricted search without its restriction")
        let restricted = try labCall("/fhir/Observation?category=laboratory&_count=1", token: labToken)
        #expect(restricted.status == 200, "\(restricted.body)")

        // 2. The clinic: a certificate-bound token from the kit's token endpoint, good with that certificate only.
        let claims = try Self.claims(clinicToken)
        let thumbprint = try ExternalTool.run(
            "bash",
            [
                "-c",
                "openssl x509 -in '\(certificate("maple-clinic").path)' -outform DER | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='",
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((claims["cnf"] as? [String: Any])?["x5t#S256"] as? String == thumbprint, "\(claims)")
        func clinicCall(_ path: String, token: String, certificateOf holder: (URL, URL)) throws -> Int {
            try platform.curl([
                "--cert", holder.0.path, "--key", holder.1.path, "-H", "Authorization: Bearer \(token)",
                "\(platform["GATEWAY_URL"])\(path)",
            ]).status
        }
        let clinicHolds = (certificate("maple-clinic"), clinic.keyFile),
            labHolds = (certificate("lakeside-lab"), lab.keyFile)
        #expect(try clinicCall("/fhir/Patient?_count=1", token: clinicToken, certificateOf: clinicHolds) == 200)
        #expect(
            try clinicCall("/fhir/Patient?_count=1", token: clinicToken, certificateOf: labHolds) == 403,
            "not the lab's path")
        #expect(
            try clinicCall("/fhir/ServiceRequest?_count=1", token: clinicToken, certificateOf: labHolds) == 401,
            "another certificate")
        // The laboratory forging the header the gateway forwards the certificate in: overwritten, so no token.
        let oneLine = try String(contentsOf: certificate("maple-clinic"), encoding: .utf8).replacingOccurrences(
            of: "\n", with: "")
        let forged = try platform.curl([
            "--cert", certificate("lakeside-lab").path, "--key", lab.keyFile.path, "-H",
            "X-Client-Certificate: \(oneLine)",
            "--data-urlencode", "grant_type=client_credentials", "--data-urlencode", "client_id=\(clinicClient)",
            platform["MTLS_TOKEN_URL"],
        ])
        #expect(forged.status != 200 && forged.json["access_token"] == nil, "\(forged.status) \(forged.body)")

        // The kit README's own commands, run as the partner's developer would in a copy of the kit holding nothing
        // else but the partner's private key: openssl + curl, then Python with authlib (a third-party OAuth library,
        // discovering the token endpoint) — each verifying the servers with the kit's server-ca.pem only.
        for (partner, key, path) in [
            ("maple-clinic", clinic.keyFile, "/fhir/Patient?_count=1"),
            ("lakeside-lab", lab.keyFile, "/fhir/ServiceRequest?requester=Organization/lakeside-lab"),
        ] {
            let copy = try TemporaryDirectory()
            let directory = copy.url.appendingPathComponent("kit")
            try FileManager.default.copyItem(at: root.appendingPathComponent("out/kits/\(partner)"), to: directory)
            try FileManager.default.copyItem(at: key, to: directory.appendingPathComponent("partner-key.pem"))
            let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(readme.contains("--cacert server-ca.pem"), "\(partner): the commands name the trust anchor")
            let script = Self.shellBlocks(readme).joined(separator: "\n").replacingOccurrences(
                of: "/fhir/metadata", with: path)
            // Trust only what the commands name: curl's and Python's default bundles point nowhere (requests would let
            // its own variable override the session's `verify`, so that one is left unset).
            let result = try ExternalTool.run(
                "bash", ["-c", "set -e\n" + script + "\n"], in: directory,
                environment: ["CURL_CA_BUNDLE": "/nonexistent"]
            )
            #expect(
                result.output.contains("\"resourceType\""),
                "\(partner): the README's commands reach FHIR: \(result.output)")
            #expect(!result.output.contains("OperationOutcome"), "\(partner): \(result.output)")
            let python = try #require(
                readme.components(separatedBy: "```python\n").dropFirst().first?.components(separatedBy: "\n```").first)
            let library = try ExternalTool.run(
                SchemaChecker.python, ["-c", python], in: directory, environment: ["SSL_CERT_FILE": "/nonexistent"]
            )
            #expect(
                library.output.trimmingCharacters(in: .whitespacesAndNewlines) == "200 CapabilityStatement",
                "\(partner): \(library.output)")
        }

        // The shipped riverside-clinic, unchanged but for the CSR its IT sends (a key the test holds): the certificate is
        // re-issued, the client stays bound to the SAN URI, and a token from its kit's endpoint works with it.
        let river = try TestPartner(id: "riverside-clinic", directory: root.appendingPathComponent("Partners"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            run.output.contains("partner/riverside-clinic/certificate"), "re-issued from the new CSR: \(run.output)")
        let riverToken = try Self.accessToken(
            platform.curl([
                "--cert", certificate("riverside-clinic").path, "--key", river.keyFile.path, "-X", "POST",
                "--data-urlencode", "grant_type=client_credentials",
                "--data-urlencode", "client_id=\(try kit("riverside-clinic")["client_id"] as? String ?? "")",
                "--data-urlencode", "scope=system/Patient.rs",
                try kit("riverside-clinic")["token_endpoint"] as? String ?? "",
            ]))
        #expect(((try Self.claims(riverToken))["cnf"] as? [String: Any])?["x5t#S256"] != nil)
        let riverHolds = (certificate("riverside-clinic"), river.keyFile)
        #expect(
            try LivePlatformTests.eventually(200) {
                LivePlatform.Response(
                    status: try clinicCall("/fhir/Patient?_count=1", token: riverToken, certificateOf: riverHolds),
                    body: "")
            }.status == 200)
        #expect(
            try clinicCall("/fhir/Patient?_count=1", token: riverToken, certificateOf: clinicHolds) == 401,
            "maple's certificate")

        // A key rotation at glewlwyd is a gateway change in the plan; after the apply old-key tokens are refused.
        let rotated = root.appendingPathComponent("rotated")
        try FileManager.default.createDirectory(at: rotated, withIntermediateDirectories: true)
        #expect(
            try ExternalTool.run(
                "bash",
                [
                    "-c",
                    "openssl ecparam -name prime256v1 -genkey -noout -out key.pem && openssl ec -in key.pem -pubout -out public.pem",
                ], in: rotated
            ).status == 0)
        let rotation = try ExternalTool.run(
            "python3",
            [
                Repository.root.appendingPathComponent("scripts/peers/glewlwyd-setup.py").path, "rotate",
                platform["OAUTH_URL"],
                platform["OAUTH_ADMIN"], platform["OAUTH_PASSWORD"], rotated.appendingPathComponent("key.pem").path,
                rotated.appendingPathComponent("public.pem").path, "ecdsa",
            ])
        #expect(rotation.status == 0, "\(rotation.output)")
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains("~ gateway/config"), "\(run.output)")
        #expect(run.output.contains("ES256"), "the new key's algorithm shows in the plan")
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        let oldKey = try LivePlatformTests.eventually(401) {
            try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: labToken)
        }
        #expect(oldKey.status == 401, "a token of the retired key")
        let fresh = try Self.accessToken(lab.token(platform, clientID: labClient, scope: "system/ServiceRequest.rs"))
        #expect(try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: fresh).status == 200)
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0)

        // 3. Offboarding and suspension close every door, unexpired tokens included.
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "offboarded"))
        try workspace.write("Partners/maple-clinic.yaml", Self.maple(status: "suspended"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let gone = try LivePlatformTests.eventually(400) { try labCall("/fhir/ServiceRequest?requester=Organization/lakeside-lab&_count=1", token: fresh) }
        #expect(gone.status == 400, "the offboarded laboratory's certificate is revoked")
        let held = try LivePlatformTests.eventually(400) {
            LivePlatform.Response(
                status: try clinicCall("/fhir/Patient?_count=1", token: clinicToken, certificateOf: clinicHolds),
                body: "")
        }
        #expect(held.status == 400, "the suspended clinic's certificate is on hold")
        let reissue = try platform.curl([
            "--cert", certificate("maple-clinic").path, "--key", clinic.keyFile.path, "-X", "POST",
            "--data-urlencode", "grant_type=client_credentials", "--data-urlencode", "client_id=\(clinicClient)",
            platform["MTLS_TOKEN_URL"],
        ])
        #expect(reissue.json["access_token"] == nil, "no new token for a suspended partner")
        let removed = try platform.oauthClient(labClient)
        #expect(
            removed.status == 404 || removed.json["enabled"] as? Bool == false,
            "the offboarded laboratory's client is gone: \(removed.body)")
    }

    /// A workspace holding the example network with the live example copied over it (`examples/live`: the deployment
    /// and harbor-imaging with its key set on the platform's partner web server), `.peers` linked in; and how to run
    /// onboard in it with the platform's environment.
    static func liveWorkspace(_ platform: LivePlatform) throws -> (Workspace, ([String]) throws -> OnboardBinary.Run) {
        let workspace = try Workspace()
        let root = workspace.root
        for file in ["onboard.yaml", "Partners/harbor-imaging.yaml"] {
            try FileManager.default.removeItem(at: root.appendingPathComponent(file))
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent("examples/live/\(file)"),
                to: root.appendingPathComponent(file)
            )
        }
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent(".peers"),
            withDestinationURL: Repository.root.appendingPathComponent(".peers")
        )
        let environment = platform.onboardEnvironment
        return (workspace, { try OnboardBinary.run($0, in: root, environment: environment) })
    }

    static func accessToken(_ response: LivePlatform.Response) throws -> String {
        guard let token = response.json["access_token"] as? String else {
            throw LivePlatformError("no access token (HTTP \(response.status)): \(response.body)")
        }
        return token
    }

    static func claims(_ token: String) throws -> [String: Any] {
        let part = String(token.split(separator: ".")[1])
        let padded =
            part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - part.count % 4) % 4)
        return try JSONSerialization.jsonObject(with: Data(base64Encoded: padded) ?? Data()) as? [String: Any] ?? [:]
    }

    /// A token signed with glewlwyd's own RS256 key (the test platform keeps it), by the openssl CLI: the claims are
    /// the test's, the signature is the server's — so only the claims can make the gateway refuse it.
    static func serverSigned(_ platform: LivePlatform, claims: [String: Any]) throws -> String {
        let kid =
            (try platform.curl([platform["JWKS_URL"]]).json["keys"] as? [[String: Any]])?.first?["kid"] as? String ?? ""
        let header = ["alg": "RS256", "typ": "at+jwt", "kid": kid]
        let input =
            TestPartner.base64URL(try JSONSerialization.data(withJSONObject: header))
            + "." + TestPartner.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signed = try ExternalTool.run(
            "bash",
            [
                "-c",
                "printf '%s' '\(input)' | openssl dgst -sha256 -sign '\(platform["OAUTH_SIGNING_KEY"])' | openssl base64 -A | tr '+/' '-_' | tr -d '='",
            ])
        return input + "." + signed.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The ```sh blocks of a markdown text.
    static func shellBlocks(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "```sh\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
    }

    static func maple(status: String) -> String {
        """
        apiVersion: onboard/v1
        kind: Partner
        metadata:
          id: maple-clinic
          name: Maple Street Clinic
        spec:
          template: satellite-clinic
          status: \(status)
          contacts:
            - {name: Maple IT, email: it@maple-clinic.example}
          access:
            auth: tls_client_auth
            scopes: [system/Patient.rs, system/Encounter.rs]
          certificate:
            csr: maple-clinic.csr.pem
            validityDays: 90

        """
    }
}
