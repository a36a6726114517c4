import Foundation
import OnboardCore
import OnboardPlatform
import OnboardTestSupport
import Testing

/// The administrator login of the glewlwyd server profile against real HTTP servers that are not glewlwyd's API: the
/// message says what was expected and what came, and points at the URL setting, not at the credentials.
@Suite struct GlewlwydLoginTests {
    @Test func aWebPageWhereTheAPIShouldBeIsNamedAsSuch() async throws {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.startPythonHTTP(
            port: port,
            handler: """
                    def do_POST(self):
                        self.rfile.read(int(self.headers.get("Content-Length") or 0))
                        status = 401 if self.path.startswith("/locked/") else 200
                        body = b"<html><body>Welcome</body></html>"
                        self.send_response(status)
                        self.send_header("Content-Type", "text/html")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                """)
        let http = try RESTClient(serverName: "OAuth server", retry: RetryPolicy(attempts: 1, baseDelay: 0.01))
        let page = GlewlwydAdministration(
            apiURL: "http://127.0.0.1:\(port)/site", user: "admin", password: "password", http: http)
        let error = await #expect(throws: OnboardError.self) { _ = try await page.scopes(of: "some-client") }
        #expect(
            error?.message
                == "the administrator login at http://127.0.0.1:\(port)/site/auth/ expected glewlwyd's answer "
                + "(HTTP 200 with a session cookie) and got HTTP 200 without a session cookie (text/html); "
                + "check targets.clients.scopeAdministration.apiUrl", "\(error?.message ?? "")")

        let locked = GlewlwydAdministration(
            apiURL: "http://127.0.0.1:\(port)/locked", user: "admin", password: "wrong", http: http)
        let refused = await #expect(throws: OnboardError.self) { _ = try await locked.scopes(of: "some-client") }
        #expect(
            refused?.message.hasPrefix("glewlwyd refused the administrator login (HTTP 401)") == true,
            "\(refused?.message ?? "")")
    }
}
