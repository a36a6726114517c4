import Foundation
import OnboardCore
import OnboardPlatform
import OnboardTestSupport
import Testing

/// The live gateway adapter against the real nginx binary: a configuration nginx refuses never stays in place, and
/// neither does the script beside it.
@Suite struct NginxGatewayTests {
    @Test func refusedConfigurationIsRolledBack() async throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-gateway-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        try FileManager.default.createDirectory(
            at: prefix.appendingPathComponent("conf.d"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: prefix.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try """
        pid \(prefix.path)/nginx.pid;
        error_log \(prefix.path)/logs/error.log;
        events {}
        http { include \(prefix.path)/conf.d/*.conf; }
        """.write(to: prefix.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let configPath = prefix.appendingPathComponent("conf.d/onboard-partners.conf").path
        let good = "map $ssl_client_s_dn $onboard_partner { default \"\"; }\n"
        try good.write(toFile: configPath, atomically: true, encoding: .utf8)
        let script = prefix.appendingPathComponent("conf.d/onboard-gateway.js").path
        try "// the script in force\n".write(toFile: script, atomically: true, encoding: .utf8)
        let gateway = NginxGateway(
            configPath: configPath,
            testCommand: ["/usr/sbin/nginx", "-t", "-q", "-p", prefix.path, "-c", "nginx.conf"],
            reloadCommand: ["/bin/true"]
        )
        let error = await #expect(throws: OnboardError.self) {
            try await gateway.apply(
                GatewayFiles(
                    configuration: "server { listen 8443 ssl; unknown_directive on; }\n", script: "// a new script\n",
                    caChain: "a new chain\n", crl: "a new CRL\n"
                ))
        }
        #expect(error?.code == .rejected)
        #expect(
            error?.message.hasPrefix(
                "targets.gateway.testCommand (/usr/sbin/nginx -t -q -p \(prefix.path) -c nginx.conf) "
                    + "refused the generated configuration (exit 1): ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("unknown directive \"unknown_directive\"") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("the previous gateway configuration is back in place") == true)
        #expect(
            try await gateway.currentFiles() == GatewayFiles(configuration: good, script: "// the script in force\n"))
        #expect(
            !FileManager.default.fileExists(atPath: gateway.path(.caChain)),
            "a trust file the refused apply added is gone")

        let replacement = GatewayFiles(
            configuration: "map $ssl_client_s_dn $onboard_partner { default \"\"; \"~CN=a\" a; }\n",
            script: "// a new script\n",
            caChain: "the partner CA chain\n", crl: "the CRL\n"
        )
        try await gateway.apply(replacement)
        #expect(try await gateway.currentFiles()?.configuration == replacement.configuration)
        #expect(try String(contentsOfFile: gateway.path(.caChain), encoding: .utf8) == "the partner CA chain\n")
        #expect(try String(contentsOfFile: gateway.path(.crl), encoding: .utf8) == "the CRL\n")
        #expect(gateway.path(.script) == script)

        // A test command that is not nginx and fails silently is named as configured, and said to have printed nothing.
        let silent = NginxGateway(configPath: configPath, testCommand: ["/bin/false"], reloadCommand: ["/bin/true"])
        let quiet = await #expect(throws: OnboardError.self) { try await silent.apply(replacement) }
        #expect(
            quiet?.message.hasPrefix(
                "targets.gateway.testCommand (/bin/false) refused the generated configuration (exit 1) "
                    + "and printed nothing") == true, "\(quiet?.message ?? "")")
    }
}
