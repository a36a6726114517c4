import Foundation
import OnboardTestSupport
import Testing

/// The generated gateway configuration run by a real nginx: mutual TLS against the partner CA and CRL, and per partner
/// only the paths and methods its scopes allow, in front of a real upstream HTTP server on loopback.
@Suite(.serialized) struct GatewayTests {
    static let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"

    /// `curl` through the gateway with the partner's certificate; returns the HTTP status (0 when the handshake fails).
    static func status(_ bed: ReconcileWorkspace, port: Int, _ method: String, _ path: String, certificate: Bool = true) throws -> Int {
        var arguments = ["-s", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "-k", "-X", method, "https://127.0.0.1:\(port)\(path)"]
        if certificate {
            arguments += ["--cert", bed.root.appendingPathComponent("out/kits/northside-lab/certificate.pem").path,
                          "--key", bed.root.appendingPathComponent("partner.key.pem").path]
        }
        return Int(try ExternalTool.run("curl", arguments).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func nginxEnforcesCertificatesAndScopes() throws {
        let bed = try ReconcileWorkspace()
        let upstreamPort = FreePort.find()
        var gatewayPort = FreePort.find()
        while gatewayPort == upstreamPort { gatewayPort = FreePort.find() }
        try bed.edit("onboard.yaml") {
            $0.replacingOccurrences(of: "fhirBaseUrl: https://fhir.st-marys.example/r4", with: "fhirBaseUrl: http://127.0.0.1:\(upstreamPort)/fhir-upstream")
        }
        // The partner makes its own key and CSR; only the CSR goes into the repository.
        let csr = try ExternalTool.run("openssl", [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "partner.key.pem",
            "-subj", "/CN=northside-lab", "-out", "Partners/northside-lab.csr.pem",
        ], in: bed.root)
        #expect(csr.status == 0, "\(csr.output)")
        let apply = try bed.applyAll()
        #expect(apply.status == 0, "\(apply.output)")

        let platform = bed.root.appendingPathComponent("out/platform")
        let server = try ExternalTool.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost",
        ], in: platform)
        #expect(server.status == 0, "\(server.output)")
        func writeNginxConfig() throws {
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
        }
        try writeNginxConfig()
        let check = try ExternalTool.run(Self.nginx, ["-t", "-p", platform.path + "/", "-c", "nginx-test.conf"])
        #expect(check.status == 0, "nginx -t: \(check.output)")

        let upstream = bed.root.appendingPathComponent("upstream")
        for path in ["fhir-upstream/ServiceRequest/sr-1", "fhir-upstream/Patient/p-1", "fhir-upstream/Encounter/e-1"] {
            let file = upstream.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try #"{"resourceType": "Basic"}"#.write(to: file, atomically: true, encoding: .utf8)
        }
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(["python3", "-m", "http.server", "--bind", "127.0.0.1", "\(upstreamPort)"], in: upstream)
        try servers.start([Self.nginx, "-p", platform.path + "/", "-c", "nginx-test.conf"], in: platform)
        #expect(try LoopbackServers.waitForPort(upstreamPort) && LoopbackServers.waitForPort(gatewayPort), "servers did not start")

        let allowed = try Self.status(bed, port: gatewayPort, "GET", "/fhir/ServiceRequest/sr-1")
        let log = (try? String(contentsOf: platform.appendingPathComponent("nginx-error.log"), encoding: .utf8)) ?? ""
        #expect(allowed == 200, "ServiceRequest.rs allows read; got \(allowed): \(log.suffix(1500))")
        #expect(try Self.status(bed, port: gatewayPort, "GET", "/fhir/Patient/p-1") == 200, "Patient.read (v1) allows read")
        #expect(try Self.status(bed, port: gatewayPort, "DELETE", "/fhir/ServiceRequest/sr-1") == 403, "no d letter")
        #expect(try Self.status(bed, port: gatewayPort, "GET", "/fhir/Encounter/e-1") == 403, "no Encounter scope")
        #expect(try Self.status(bed, port: gatewayPort, "GET", "/fhir/ServiceRequest/sr-1", certificate: false) == 400, "no client certificate")

        // Offboarding: the certificate lands on the CRL, and the reloaded gateway refuses it.
        try bed.edit("Partners/northside-lab.yaml") { $0.replacingOccurrences(of: "status: active", with: "status: offboarded") }
        #expect(try bed.applyAll().status == 0)
        servers.stopAll()
        try writeNginxConfig()
        try servers.start([Self.nginx, "-p", platform.path + "/", "-c", "nginx-test.conf"], in: platform)
        #expect(try LoopbackServers.waitForPort(gatewayPort))
        #expect(try Self.status(bed, port: gatewayPort, "GET", "/fhir/ServiceRequest/sr-1") == 400, "revoked certificate")
    }
}
