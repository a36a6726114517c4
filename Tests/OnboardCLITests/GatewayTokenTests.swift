import Crypto
import Foundation
import OnboardTestSupport
import Testing

/// The gateway's token check, tried as a partner (and as someone holding a partner's certificate) would, against the
/// generated configuration and script run by a real nginx with its njs module: every FHIR request needs the
/// partner's certificate and a valid token of that partner's client whose scopes cover the request (RFC 6750
/// refusals), bound to the certificate for tls_client_auth partners (RFC 8705).
@Suite(.serialized) struct GatewayTokenTests {
    @Test func everyRequestNeedsAValidTokenOfThePartnerWithTheRightScope() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        try gateway.partnerCSR("riverside-clinic", subject: "/CN=riverside-clinic")
        let apply = try bed.applyAll()
        #expect(apply.status == 0, "\(apply.output)")
        try gateway.exportKitKey("okafor-cardiology")
        try gateway.start()
        let read = "/fhir/Patient/sr-1"

        // The partner's own valid token.
        let allowed = try gateway.call("GET", read)
        #expect(allowed.status == 200, "\(allowed.challenge) \(gateway.errorLog)")

        // No token: 401 with a bare challenge (RFC 6750 §3.1: no error code when no credentials were sent).
        let none = try gateway.call("GET", read, token: .some(nil))
        #expect(none.status == 401)
        #expect(none.challenge == #"Bearer realm="onboard""#)
        #expect(none.body.contains("OperationOutcome"))

        // Tokens that are not what the authorization server issued to this partner, now: 401 invalid_token.
        let otherKey = P256.Signing.PrivateKey()
        let claims = try Self.claims(of: try gateway.token(for: "northside-lab"))
        let refused: [(String, String, String)] = [
            ("garbage", "not.a-token", "the credentials are not a bearer JWT"),
            ("undecodable", "eyJub3Q.anNvbg.c2ln", "the token cannot be decoded"),
            (
                "expired",
                try gateway.token(for: "northside-lab") { $0["exp"] = Int(Date().timeIntervalSince1970) - 120 },
                "the token has expired"
            ),
            (
                "not yet valid",
                try gateway.token(for: "northside-lab") { $0["nbf"] = Int(Date().timeIntervalSince1970) + 600 },
                "the token is not valid yet"
            ),
            (
                "another issuer", try gateway.token(for: "northside-lab") { $0["iss"] = "https://evil.example" },
                "the token was issued by another server"
            ),
            ("another key", try gateway.sign(claims, key: otherKey), "the token signature does not verify"),
            ("unsigned", try Self.unsigned(claims), "the credentials are not a bearer JWT"),
            ("alg none", try Self.unsigned(claims) + "c2ln", "the token is not signed with an accepted algorithm"),
            ("HS256", try Self.hmac(claims), "the token is not signed with an accepted algorithm"),
            (
                "another partner's token", try gateway.token(for: "okafor-cardiology"),
                "the token was issued to another client"
            ),
            (
                "no client", try gateway.token(for: "northside-lab") { $0["client_id"] = nil },
                "the token was issued to another client"
            ),
        ]
        for (name, token, reason) in refused {
            let answer = try gateway.call("GET", read, token: token)
            #expect(answer.status == 401, "\(name): \(answer.status)")
            #expect(answer.challenge.contains(#"error="invalid_token""#), "\(name): \(answer.challenge)")
            #expect(answer.challenge.contains(reason), "\(name): \(answer.challenge)")
        }

        // Scope: the token's scopes, within the partner's declared ones, must cover the interaction: 403.
        let narrow = try gateway.token(for: "northside-lab") { $0["scope"] = "system/Task.rus" }
        let lacking = try gateway.call("GET", read, token: narrow)
        #expect(lacking.status == 403, "the partner may read Patient; this token may not")
        #expect(lacking.challenge.contains(#"error="insufficient_scope""#), "\(lacking.challenge)")
        let tasks = try gateway.call("GET", "/fhir/Task?owner=HealthcareService/northside-lab-chemistry", token: narrow)
        #expect(tasks.status == 200, "\(tasks.body) \(gateway.errorLog)")
        let undeclared = try gateway.token(for: "northside-lab") {
            $0["scope"] = "system/Encounter.rs system/Patient.rs"
        }
        #expect(
            try gateway.call("GET", "/fhir/Encounter/e-1", token: undeclared).status == 403,
            "a scope the partner never declared")
        let outside = try gateway.call("GET", "/fhir/Encounter/e-1")
        #expect(outside.status == 403, "a path outside the declared scopes")
        #expect(outside.challenge.contains(#"error="insufficient_scope""#), "\(outside.challenge)")
        #expect(
            try gateway.call("POST", "/fhir/Patient/_search").status == 403, "POST _search hides its parameters")
        #expect(
            try gateway.call("GET", "/fhir/Patient?_revinclude=Observation:subject").status == 403, "cross-type search")
        #expect(try gateway.call("GET", "/fhir/Patient?name=smith").status == 200)

        // A restricted scope: searches must carry the restriction; an instance read cannot be checked, so it is refused.
        let vitals = "category=http%3A%2F%2Fterminology.hl7.org%2FCodeSystem%2Fobservation-category%7Cvital-signs"
        let okafor = "okafor-cardiology"
        #expect(try gateway.call("GET", "/fhir/Observation", as: okafor).status == 403)
        #expect(try gateway.call("GET", "/fhir/Observation?category=laboratory", as: okafor).status == 403)
        #expect(
            try gateway.call("GET", "/fhir/Observation?\(vitals),laboratory", as: okafor).status == 403, "an OR widens")
        let restricted = try gateway.call("GET", "/fhir/Observation?\(vitals)&patient=p-1", as: okafor)
        #expect(restricted.status == 200, "\(restricted.challenge)")
        let instance = try gateway.call("GET", "/fhir/Observation/o-1", as: okafor)
        #expect(instance.status == 403)
        #expect(instance.challenge.contains("a restricted scope allows searches only"), "\(instance.challenge)")

        // tls_client_auth: the token must be bound to the presented certificate.
        let riverside = "riverside-clinic"
        #expect(try gateway.call("GET", "/fhir/Patient/p-1", as: riverside).status == 200, "\(gateway.errorLog)")
        let unbound = try gateway.token(for: riverside) { $0["cnf"] = nil }
        #expect(try gateway.call("GET", "/fhir/Patient/p-1", as: riverside, token: unbound).status == 401)
        let elsewhere = try gateway.token(for: riverside) {
            $0["cnf"] = ["x5t#S256": try gateway.thumbprint("northside-lab")]
        }
        let misbound = try gateway.call("GET", "/fhir/Patient/p-1", as: riverside, token: elsewhere)
        #expect(misbound.status == 401)
        #expect(misbound.challenge.contains("not bound to the presented certificate"), "\(misbound.challenge)")
        // Another partner's certificate with riverside's valid token: the certificate names northside-lab.
        let stolen = try gateway.token(for: riverside)
        #expect(
            try gateway.call("GET", "/fhir/Patient/p-1", as: riverside, certificateOf: "northside-lab", token: stolen)
                .status == 401)

        // Suspension closes the door whatever the token.
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: suspended")
        }
        #expect(try bed.applyAll().status == 0)
        try gateway.start()
        let suspended = try gateway.call("GET", read, token: try gateway.sign(claims))
        #expect([400, 403].contains(suspended.status), "\(suspended.status)")
    }

    /// Control characters sent raw in the request line (curl cleans them; the case table sends them encoded): refused
    /// before any rule, whatever the partner's scopes.
    @Test func rawControlCharactersInThePathAreRefused() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        #expect(try bed.applyAll().status == 0)
        try gateway.start()
        #expect(
            try gateway.rawRequest("GET /fhir/Patient/p-1 HTTP/1.1", as: "northside-lab") == 200, "\(gateway.errorLog)")
        for raw in ["/fhir/Patient\u{01}", "/fhir/Pat\u{0B}ient", "/fhir/Patient\u{7F}", "/fhir/Patient/p-1\u{1B}"] {
            let status = try gateway.rawRequest("GET \(raw) HTTP/1.1", as: "northside-lab")
            #expect([400, 403].contains(status), "raw \(raw.debugDescription): \(status)")
        }
    }

    /// Headers a server may read as another method or host, the certificate header the OAuth server trusts, and a
    /// lenient handling that would let a server drop a restricting parameter never reach the upstream as sent.
    @Test func headersThatChangeMeaningDoNotReachTheServer() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        #expect(try bed.applyAll().status == 0)
        try gateway.start()
        let answer = try gateway.call(
            "POST", "/fhir/Observation",
            headers: [
                "X-HTTP-Method-Override: GET", "X-Method-Override: DELETE", "X-HTTP-Method: DELETE",
                "X-Forwarded-Host: evil.example", "X-Client-Certificate: forged", "X-Original-URL: /fhir/Encounter",
                "X-Rewrite-URL: /fhir/Encounter", "Forwarded: host=evil.example", "X-Forwarded-Prefix: /admin",
                "Prefer: return=representation, handling=lenient",
            ])
        #expect(answer.status == 200, "\(answer.challenge) \(gateway.errorLog)")
        let body = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        #expect(body?["received"] as? [String: String] == ["Prefer": "handling=strict"], "\(answer.body)")
        for (sent, received) in [
            ("Prefer: return=minimal", "return=minimal, handling=strict"),
            (#"Prefer: handling="lenient""#, "handling=strict"),
            ("Prefer: handling=strict, return=minimal", "handling=strict, return=minimal"),
            ("Prefer: return=minimal, handling=strict", "return=minimal, handling=strict"),
            // A server comparing case-sensitively, or without trimming, would read these as lenient.
            ("Prefer: handling=STRICT", "handling=strict"),
            ("Prefer: handling = strict", "handling=strict"),
            ("X-Nothing: 1", "handling=strict"),
        ] {
            let answer = try gateway.call("GET", "/fhir/Patient", headers: [sent])
            let seen = (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["received"]
            #expect((seen as? [String: String])?["Prefer"] == received, "\(sent): \(answer.body)")
        }
    }

    /// The mTLS token endpoint forwards partners' verified certificates to the OAuth server: over https only to a
    /// server nginx can verify. An upstream whose certificate no trusted CA issued gets nothing (502).
    @Test func anUnverifiableTokenUpstreamGetsNoCertificate() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("riverside-clinic", subject: "/CN=riverside-clinic")
        let port = FreePort.find()
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                directory.path("key.pem"),
                "-out", directory.path("cert.pem"),
            ])
        #expect(made.status == 0, "\(made.output)")
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.startPythonHTTP(
            port: port,
            handler: """
                    def do_POST(self):
                        open("\(directory.path("received"))", "a").write(self.headers.get("X-Client-Certificate") or "-")
                        self.send_response(200)
                        self.send_header("Content-Length", "2")
                        self.end_headers()
                        self.wfile.write(b"{}")
                """, tls: (directory.path("cert.pem"), directory.path("key.pem")))
        try bed.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: #"mtlsTokenUpstream: http://127.0.0.1:\d+/mtls-token"#,
                with: "mtlsTokenUpstream: https://127.0.0.1:\(port)/token", options: .regularExpression)
        }
        #expect(try bed.applyAll().status == 0)
        #expect(try bed.read("out/platform/gateway/nginx-partners.conf").contains("proxy_ssl_verify on;"))
        try gateway.start()
        let answer = try gateway.call("POST", "/oauth2/token", as: "riverside-clinic", token: .some(nil))
        #expect(answer.status == 502, "\(answer.status) \(gateway.errorLog)")
        #expect(
            !FileManager.default.fileExists(atPath: directory.path("received")), "the upstream received no certificate")
    }

    /// SMART discovery for anyone, with no certificate and no token; the server's CapabilityStatement for any valid
    /// token of an active partner, whatever its scopes; neither widens anything else.
    @Test func discoveryIsOpenAndMetadataNeedsOnlyAValidToken() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        #expect(try bed.applyAll().status == 0)
        try gateway.start()

        let discovery = try gateway.call("GET", "/fhir/.well-known/smart-configuration", as: nil)
        #expect(discovery.status == 200, "\(gateway.errorLog)")
        let document = try JSONSerialization.jsonObject(with: Data(discovery.body.utf8)) as? [String: Any] ?? [:]
        #expect(
            document["token_endpoint"] as? String == "https://auth.st-marys.example/oauth2/token", "\(discovery.body)")
        #expect(
            document["token_endpoint_auth_methods_supported"] as? [String] == ["private_key_jwt", "tls_client_auth"])
        #expect(document["token_endpoint_auth_signing_alg_values_supported"] as? [String] == ["ES384", "RS384"])
        #expect(document["grant_types_supported"] as? [String] == ["client_credentials"])
        #expect((document["capabilities"] as? [String])?.contains("client-confidential-asymmetric") == true)
        #expect(
            (document["mtls_endpoint_aliases"] as? [String: String])?["token_endpoint"]?.hasSuffix("/oauth2/token")
                == true)
        let scopes = document["scopes_supported"] as? [String] ?? []
        #expect(scopes.contains("system/Observation.crus") && scopes.contains("system/ImagingStudy.crus"), "\(scopes)")
        #expect(try gateway.call("POST", "/fhir/.well-known/smart-configuration", as: nil).status == 403)

        // No certificate anywhere else: 400, as before; a certificate alone is not a token.
        #expect(try gateway.call("GET", "/fhir/metadata", as: nil).status == 400)
        #expect(try gateway.call("GET", "/fhir/metadata", token: .some(nil)).status == 401)
        let narrow = try gateway.token(for: "northside-lab") { $0["scope"] = "" }
        #expect(try gateway.call("GET", "/fhir/metadata", token: narrow).status == 200, "\(gateway.errorLog)")
        #expect(
            try gateway.call("GET", "/fhir/Patient/sr-1", token: narrow).status == 403, "metadata widens nothing"
        )
        let stranger = try gateway.token(for: "northside-lab") { $0["client_id"] = "someone-else" }
        #expect(try gateway.call("GET", "/fhir/metadata", token: stranger).status == 401)
        #expect(try gateway.call("POST", "/fhir/metadata").status == 403)
    }

    static func claims(of token: String) throws -> [String: Any] {
        let part = String(token.split(separator: ".")[1])
        let padded =
            part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - part.count % 4) % 4)
        return try JSONSerialization.jsonObject(with: Data(base64Encoded: padded) ?? Data()) as? [String: Any] ?? [:]
    }

    static func unsigned(_ claims: [String: Any]) throws -> String {
        GatewayHarness.base64URL(try JSONSerialization.data(withJSONObject: ["alg": "none"]))
            + "." + GatewayHarness.base64URL(try JSONSerialization.data(withJSONObject: claims)) + "."
    }

    /// A token "signed" with a shared secret an attacker chose, the classic alg-confusion attempt.
    static func hmac(_ claims: [String: Any]) throws -> String {
        let input =
            GatewayHarness.base64URL(
                try JSONSerialization.data(withJSONObject: ["alg": "HS256", "kid": GatewayHarness.keyID]))
            + "." + GatewayHarness.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data("secret".utf8)))
        return input + "." + GatewayHarness.base64URL(Data(mac))
    }
}
