import Crypto
import Foundation
import OnboardTestSupport

/// The embedded gateway config of a workspace run by a real nginx (with its njs module) on loopback, in front of a
/// real upstream HTTP server that answers 200 to any request. The workspace's `fhirBaseUrl` is pointed at that upstream
/// before the first apply. The harness also plays the authorization server: it signs access tokens (ES256) with a key
/// of its own and gives nginx that key where a live apply writes the keys read from the server's JWKS.
final class GatewayHarness {
    static let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    let bed: ReconcileWorkspace
    let upstreamPort: Int
    let gatewayPort: Int
    let servers = LoopbackServers()
    /// The authorization server's signing key, as far as this gateway knows.
    let signingKey = P256.Signing.PrivateKey()
    static let keyID = "harness-key-1"
    static let issuer = "https://auth.st-marys.example"
    var platform: URL { bed.root.appendingPathComponent("out/platform") }

    init(_ bed: ReconcileWorkspace) throws {
        self.bed = bed
        upstreamPort = FreePort.find()
        var port = FreePort.find()
        while port == upstreamPort { port = FreePort.find() }
        gatewayPort = port
        let upstreamPort = upstreamPort
        try bed.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "fhirBaseUrl: https://fhir.st-marys.example/r4",
                with: "fhirBaseUrl: http://127.0.0.1:\(upstreamPort)/fhir-upstream"
            ).replacingOccurrences(
                of: "mtlsTokenUpstream: https://auth.st-marys.example/oauth2/mtls/token",
                with: "mtlsTokenUpstream: http://127.0.0.1:\(upstreamPort)/mtls-token"
            ).replacingOccurrences(of: "  platform:\n", with: "  platform:\n    allowLoopbackHttp: true\n")
        }
        try FileManager.default.createDirectory(
            at: bed.root.appendingPathComponent("upstream"), withIntermediateDirectories: true)
    }

    /// Answers 200 with a small FHIR body to every method, so what the gateway lets through is visible as 200; a read of
    /// `<Type>/of-<patient>` answers a resource whose subject is that patient.
    static let upstreamServer = """
        import http.server, json, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length: self.rfile.read(length)
                seen = {name: self.headers.get(name) for name in ("Prefer", "If-Match", "X-HTTP-Method-Override", "X-Method-Override", "X-HTTP-Method", "X-Forwarded-Host", "X-Client-Certificate", "X-Original-URL", "X-Rewrite-URL", "Forwarded", "X-Forwarded-Prefix")}
                resource = {"resourceType": "Basic", "received": {k: v for k, v in seen.items() if v is not None}}
                # `<Type>/of-<patient>` is a stored resource about that patient (what a grant read checks).
                parts = self.path.split("?")[0].split("/")
                if len(parts) == 4 and parts[3].startswith("of-"):
                    resource = {"resourceType": parts[2], "id": parts[3], "subject": {"reference": "Patient/" + parts[3][3:]}}
                body = json.dumps(resource).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = answer
            def log_message(self, *args): pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
        """

    deinit { servers.stopAll() }

    /// A partner key and CSR made by openssl, as a partner would; only the CSR goes into the repository.
    func partnerCSR(_ id: String, subject: String) throws {
        let csr = try ExternalTool.run(
            "openssl",
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "\(id).key.pem",
                "-subj", subject, "-out", "Partners/\(id).csr.pem",
            ], in: bed.root)
        guard csr.status == 0 else { throw HarnessError(description: "openssl req: \(csr.output)") }
    }

    /// The private key onboard generated for a partner without a CSR, exported from its kit as the partner would.
    func exportKitKey(_ id: String) throws {
        let kit = "out/kits/\(id)/"
        let export = try ExternalTool.run(
            "openssl",
            [
                "pkcs12", "-in", kit + "client.p12", "-nocerts", "-nodes", "-passin",
                "file:" + kit + "client.p12.passphrase",
                "-out", "\(id).key.pem",
            ], in: bed.root)
        guard export.status == 0 else { throw HarnessError(description: "openssl pkcs12: \(export.output)") }
    }

    /// (Re)starts nginx on the config the last apply generated (and the upstream, the first time).
    func start() throws {
        servers.stopAll()
        if !FileManager.default.fileExists(atPath: platform.appendingPathComponent("gateway/server.crt").path) {
            let server = try ExternalTool.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                    "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost",
                ], in: platform)
            guard server.status == 0 else { throw HarnessError(description: "server certificate: \(server.output)") }
        }
        let spki = signingKey.publicKey.derRepresentation.base64EncodedString()
        let generated = try bed.read("out/platform/gateway/nginx-partners.conf")
            .replacingOccurrences(of: "listen 8443 ssl;", with: "listen 127.0.0.1:\(gatewayPort) ssl;")
            .replacingOccurrences(
                of: "set $onboard_keys \"\";", with: "set $onboard_keys \"\(Self.keyID) ES256 \(spki)\";")
        try generated.write(to: platform.appendingPathComponent("gateway/test.conf"), atomically: true, encoding: .utf8)
        try """
        load_module /usr/lib/nginx/modules/ngx_http_js_module.so;
        master_process off;
        daemon off;
        pid nginx.pid;
        error_log nginx-error.log;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path tmp;
            proxy_temp_path tmp;
            include gateway/test.conf;
        }
        """.write(to: platform.appendingPathComponent("nginx-test.conf"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: platform.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let check = try ExternalTool.run(Self.nginx, ["-t", "-p", platform.path + "/", "-c", "nginx-test.conf"])
        guard check.status == 0 else { throw HarnessError(description: "nginx -t: \(check.output)") }
        try servers.start(
            ["python3", "-c", Self.upstreamServer, "\(upstreamPort)"], in: bed.root.appendingPathComponent("upstream"))
        try servers.start([Self.nginx, "-p", platform.path + "/", "-c", "nginx-test.conf"], in: platform)
        guard try LoopbackServers.waitForPort(upstreamPort), try LoopbackServers.waitForPort(gatewayPort) else {
            throw HarnessError(description: "nginx or the upstream did not start: \(errorLog)")
        }
    }

    var errorLog: String {
        String(
            (try? String(contentsOf: platform.appendingPathComponent("nginx-error.log"), encoding: .utf8))?.suffix(1500)
                ?? "")
    }

    /// What the gateway answered: status, the `WWW-Authenticate` challenge (empty when none) and the body.
    struct Answer {
        let status: Int
        let challenge: String
        let body: String
    }

    /// `curl` through the gateway as `partner` (its kit certificate and the key made by `partnerCSR`, or `certificateOf`
    /// another partner's), or with no certificate, sending `token` (by default a valid one for the partner).
    func call(
        _ method: String, _ path: String, as partner: String? = "northside-lab", certificateOf: String? = nil,
        token: String?? = .none, headers: [String] = [], body: String? = nil
    ) throws -> Answer {
        let headerFile = bed.root.appendingPathComponent("headers-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: headerFile) }
        var arguments: [String] = [
            "-s", "--max-time", "10", "-D", headerFile, "-w", "\n%{http_code}", "-k", "--path-as-is",
        ]
        arguments += method == "HEAD" ? ["-I"] : ["-X", method]
        arguments += headers.flatMap { ["-H", $0] }
        if let body { arguments += ["-H", "Content-Type: application/fhir+json", "--data-binary", body] }
        arguments.append("https://127.0.0.1:\(gatewayPort)\(path)")
        if let partner {
            let holder = certificateOf ?? partner
            arguments += [
                "--cert", bed.root.appendingPathComponent("out/kits/\(holder)/certificate.pem").path,
                "--key", bed.root.appendingPathComponent("\(holder).key.pem").path,
            ]
            let bearer: String? =
                switch token {
                case .none: try self.token(for: partner)
                case .some(let given): given
                }
            if let bearer { arguments += ["-H", "Authorization: Bearer \(bearer)"] }
        }
        let output = try ExternalTool.run("curl", arguments).output
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let received = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        let challenge =
            received.split(separator: "\r\n").first { $0.lowercased().hasPrefix("www-authenticate:") }
            .map { String($0.dropFirst("www-authenticate:".count)).trimmingCharacters(in: .whitespaces) } ?? ""
        return Answer(
            status: Int(lines.last ?? "") ?? -1, challenge: challenge, body: lines.dropLast().joined(separator: "\n")
        )
    }

    /// Sends `requestLine` byte for byte (curl cleans what it sends) over mutual TLS as `partner` with its valid token,
    /// and returns the status nginx answered (0 when it closed the connection without one).
    func rawRequest(_ requestLine: String, as partner: String) throws -> Int {
        let script = """
            import socket, ssl, sys
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as raw:
                with context.wrap_socket(raw) as tls:
                    tls.sendall(sys.argv[4].encode("latin-1") + b"\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer "
                                + sys.argv[5].encode() + b"\\r\\nConnection: close\\r\\n\\r\\n")
                    answer = b""
                    while chunk := tls.recv(4096):
                        answer += chunk
            print(answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else 0)
            """
        let run = try ExternalTool.run(
            "python3",
            [
                "-c", script, "\(gatewayPort)",
                bed.root.appendingPathComponent("out/kits/\(partner)/certificate.pem").path,
                bed.root.appendingPathComponent("\(partner).key.pem").path, requestLine, try token(for: partner),
            ])
        return Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The HTTP status of `call` (0 when the handshake fails).
    func status(_ method: String, _ path: String, as partner: String? = "northside-lab") throws -> Int {
        try call(method, path, as: partner).status
    }

    /// The partner's kit `client.json`.
    func kit(_ partner: String) throws -> [String: Any] {
        let data = try Data(contentsOf: bed.root.appendingPathComponent("out/kits/\(partner)/client.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The RFC 8705 thumbprint of a partner's kit certificate: base64url SHA-256 of its DER.
    func thumbprint(_ partner: String) throws -> String {
        let pem = try bed.read("out/kits/\(partner)/certificate.pem")
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Self.base64URL(Data(SHA256.hash(data: Data(base64Encoded: body) ?? Data())))
    }

    /// A token as the authorization server would issue it to `partner`'s client with all its granted scopes (and, for
    /// a tls_client_auth partner, bound to its certificate); `change` edits the claims first.
    func token(for partner: String, _ change: (inout [String: Any]) throws -> Void = { _ in }) throws -> String {
        let kit = try kit(partner)
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": Self.issuer, "sub": kit["client_id"] ?? "", "client_id": kit["client_id"] ?? "", "iat": now,
            "nbf": now, "exp": now + 300, "jti": UUID().uuidString, "scope": kit["scope"] ?? "",
        ]
        if kit["token_endpoint_auth_method"] as? String == "tls_client_auth" {
            claims["cnf"] = ["x5t#S256": try thumbprint(partner)]
        }
        try change(&claims)
        return try sign(claims)
    }

    /// Signs claims as a JWT with the harness key (or `key`), under `header`'s alg and kid.
    func sign(
        _ claims: [String: Any], key: P256.Signing.PrivateKey? = nil,
        header: [String: Any] = ["alg": "ES256", "kid": GatewayHarness.keyID, "typ": "at+jwt"]
    ) throws -> String {
        let input =
            Self.base64URL(try JSONSerialization.data(withJSONObject: header))
            + "." + Self.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signature = try (key ?? signingKey).signature(for: Data(input.utf8))
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    struct HarnessError: Error, CustomStringConvertible { let description: String }
}
