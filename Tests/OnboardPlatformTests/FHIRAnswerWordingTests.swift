import Foundation
import OnboardCore
import OnboardPlatform
import OnboardTestSupport
import Testing

/// A FHIR server's refusal that carries no diagnostics is still described: from its OperationOutcome's details or
/// codes, or its body, or as an empty answer; a 404 to a search names the base URL setting.
@Suite struct FHIRAnswerWordingTests {
    @Test func anAnswerWithoutDiagnosticsIsStillDescribed() async throws {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(
            [
                "python3", "-c",
                """
                import http.server
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        if self.path.startswith("/empty/"):
                            status, body = 404, b""
                        else:
                            status, body = 400, b'{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-supported"}]}'
                        self.send_response(status)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def log_message(self, *args): pass
                http.server.ThreadingHTTPServer(("127.0.0.1", \(port)), Handler).serve_forever()
                """,
            ], in: Repository.root)
        #expect(try LoopbackServers.waitForPort(port))
        let http = try RESTClient(serverName: "FHIR server", retry: RetryPolicy(attempts: 1, baseDelay: 0.01))
        let empty = FHIRRestDirectory(
            baseURL: "http://127.0.0.1:\(port)/empty", deployment: "st-marys", token: nil, http: http)
        let missing = await #expect(throws: OnboardError.self) { _ = try await empty.search("Endpoint", ids: nil) }
        #expect(
            missing?.message
                == "the FHIR server answered HTTP 404 searching Endpoint: an empty answer (is platform.fhirBaseUrl "
                + "http://127.0.0.1:\(port)/empty the FHIR server's base URL?)", "\(missing?.message ?? "")")
        let coded = FHIRRestDirectory(
            baseURL: "http://127.0.0.1:\(port)/fhir", deployment: "st-marys", token: nil, http: http)
        let refused = await #expect(throws: OnboardError.self) { _ = try await coded.search("Endpoint", ids: nil) }
        #expect(
            refused?.message == "the FHIR server answered HTTP 400 searching Endpoint: error not-supported",
            "\(refused?.message ?? "")")
    }
}
