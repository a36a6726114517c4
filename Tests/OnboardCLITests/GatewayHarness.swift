import Foundation
import OnboardTestSupport

/// The embedded gateway config of a workspace run by a real nginx on loopback, in front of a real upstream HTTP
/// server (`python3 -m http.server`) that answers for a few FHIR paths. The workspace's `fhirBaseUrl` is pointed at
/// that upstream before the first apply.
final class GatewayHarness {
    static let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    let bed: ReconcileWorkspace
    let upstreamPort: Int
    let gatewayPort: Int
    let servers = LoopbackServers()
    var platform: URL { bed.root.appendingPathComponent("out/platform") }

    init(_ bed: ReconcileWorkspace, upstreamPaths: [String]) throws {
        self.bed = bed
        upstreamPort = FreePort.find()
        var port = FreePort.find()
        while port == upstreamPort { port = FreePort.find() }
        gatewayPort = port
        let upstreamPort = upstreamPort
        try bed.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "fhirBaseUrl: https://fhir.st-marys.example/r4", with: "fhirBaseUrl: http://127.0.0.1:\(upstreamPort)/fhir-upstream"
            )
        }
        let upstream = bed.root.appendingPathComponent("upstream")
        for path in upstreamPaths {
            let file = upstream.appendingPathComponent("fhir-upstream/" + path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try #"{"resourceType": "Basic"}"#.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    deinit { servers.stopAll() }

    /// A partner key and CSR made by openssl, as a partner would; only the CSR goes into the repository.
    func partnerCSR(_ id: String, subject: String) throws {
        let csr = try ExternalTool.run("openssl", [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(id).key.pem",
            "-subj", subject, "-out", "Partners/\(id).csr.pem",
        ], in: bed.root)
        guard csr.status == 0 else { throw HarnessError(description: "openssl req: \(csr.output)") }
    }

    /// (Re)starts nginx on the config the last apply generated (and the upstream, the first time).
    func start() throws {
        servers.stopAll()
        if !FileManager.default.fileExists(atPath: platform.appendingPathComponent("gateway/server.crt").path) {
            let server = try ExternalTool.run("openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost",
            ], in: platform)
            guard server.status == 0 else { throw HarnessError(description: "server certificate: \(server.output)") }
        }
        let generated = try bed.read("out/platform/gateway/nginx-partners.conf")
            .replacingOccurrences(of: "listen 8443 ssl;", with: "listen 127.0.0.1:\(gatewayPort) ssl;")
        try generated.write(to: platform.appendingPathComponent("gateway/test.conf"), atomically: true, encoding: .utf8)
        try """
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
        try FileManager.default.createDirectory(at: platform.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let check = try ExternalTool.run(Self.nginx, ["-t", "-p", platform.path + "/", "-c", "nginx-test.conf"])
        guard check.status == 0 else { throw HarnessError(description: "nginx -t: \(check.output)") }
        try servers.start(["python3", "-m", "http.server", "--bind", "127.0.0.1", "\(upstreamPort)"], in: bed.root.appendingPathComponent("upstream"))
        try servers.start([Self.nginx, "-p", platform.path + "/", "-c", "nginx-test.conf"], in: platform)
        guard try LoopbackServers.waitForPort(upstreamPort), try LoopbackServers.waitForPort(gatewayPort) else {
            throw HarnessError(description: "nginx or the upstream did not start: \(errorLog)")
        }
    }

    var errorLog: String {
        String((try? String(contentsOf: platform.appendingPathComponent("nginx-error.log"), encoding: .utf8))?.suffix(1500) ?? "")
    }

    /// `curl` through the gateway as `partner` (its kit certificate and the key made by `partnerCSR`), or with no
    /// certificate; returns the HTTP status (0 when the handshake fails).
    func status(_ method: String, _ path: String, as partner: String? = "northside-lab") throws -> Int {
        var arguments = ["-s", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "-k", "-X", method,
                         "https://127.0.0.1:\(gatewayPort)\(path)"]
        if let partner {
            arguments += ["--cert", bed.root.appendingPathComponent("out/kits/\(partner)/certificate.pem").path,
                          "--key", bed.root.appendingPathComponent("\(partner).key.pem").path]
        }
        return Int(try ExternalTool.run("curl", arguments).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    struct HarnessError: Error, CustomStringConvertible { let description: String }
}
