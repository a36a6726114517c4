import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// A real mutual-TLS handshake: `openssl s_server` trusting the CA chain and checking the CRL, and a partner connecting
/// with `openssl s_client` and the certificate onboard issued for it.
@Suite struct TLSHandshakeTests {
    /// Starts s_server on a free loopback port, runs one client request, stops the server; returns the client output.
    func request(_ bed: CATestBed, certificate: String, key: String) throws -> String {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(
            [
                "openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key",
                "-Verify", "1", "-verify_return_error", "-CAfile", bed.chainPath, "-CRL", bed.crlPath, "-crl_check",
                "-www",
            ], in: bed.directory.url)
        #expect(try LoopbackServers.waitForPort(port), "s_server did not start")
        return try ExternalTool.run(
            "openssl",
            ["s_client", "-connect", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-quiet"],
            input: "GET / HTTP/1.0\r\n\r\n", in: bed.directory.url
        ).output
    }

    @Test func gatewayAcceptsThePartnerUntilItIsRevoked() async throws {
        let bed = try await CATestBed()
        let server = try bed.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
            "-out", "server.pem", "-subj", "/CN=localhost", "-days", "1",
        ])
        #expect(server.status == 0, "\(server.output)")
        let issued = try await bed.issue("northside-lab", csr: bed.csr("northside-lab", subject: "/CN=northside-lab"))

        let accepted = try request(bed, certificate: "northside-lab.cert.pem", key: "northside-lab.key.pem")
        #expect(accepted.contains("HTTP/1.0 200 ok"), "\(accepted)")

        _ = try await bed.ca.revoke(serial: issued.record.serial, reason: .keyCompromise)
        _ = try await bed.ca.publishCRL()
        let refused = try request(bed, certificate: "northside-lab.cert.pem", key: "northside-lab.key.pem")
        #expect(!refused.contains("200 ok"), "\(refused)")
        #expect(refused.contains("alert") || refused.contains("error"), "\(refused)")
    }
}
