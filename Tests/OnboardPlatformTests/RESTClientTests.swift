import Foundation
import OnboardCore
import OnboardPlatform
import OnboardTestSupport
import Testing

/// The live adapters' HTTP client against a real (busy) HTTP server: 503 is retried until the server answers, and a
/// server that stays busy, or is not there, ends in one clear error.
@Suite struct RESTClientTests {
    @Test func retriesWhileBusyThenGivesUpClearly() async throws {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(
            ["python3", Repository.fixtures.appendingPathComponent("servers/busy-server.py").path, "\(port)", "2"],
            in: Repository.root
        )
        #expect(try LoopbackServers.waitForPort(port))
        let client = try RESTClient(serverName: "test server", retry: RetryPolicy(attempts: 3, baseDelay: 0.01))
        let answer = try await client.send(.GET, "http://127.0.0.1:\(port)/twice-busy")
        #expect(answer.status == 200)
        #expect(answer.text == #"{"requests": 3}"#)
        #expect(client.requestCount == 3)

        let impatient = try RESTClient(serverName: "test server", retry: RetryPolicy(attempts: 2, baseDelay: 0.01))
        let error = await #expect(throws: OnboardError.self) { try await impatient.send(.GET, "http://127.0.0.1:\(port)/still-busy") }
        #expect(error?.code == .unreachable)
        #expect(error?.message == "the test server answered HTTP 503 to GET http://127.0.0.1:\(port)/still-busy 2 times; try again later")
    }

    @Test func nothingListeningIsUnreachable() async throws {
        let port = FreePort.find()
        let client = try RESTClient(serverName: "FHIR server", retry: RetryPolicy(attempts: 2, baseDelay: 0.01))
        let error = await #expect(throws: OnboardError.self) { try await client.send(.GET, "http://127.0.0.1:\(port)/fhir/metadata") }
        #expect(error?.message == "the FHIR server at http://127.0.0.1:\(port) cannot be reached (connection refused) after 2 attempts")
    }

    @Test func backoffStaysWithinItsBoundsAndHonoursRetryAfter() {
        let policy = RetryPolicy(attempts: 5, baseDelay: 0.2, maxDelay: 1)
        for attempt in 0..<5 {
            let ceiling = min(1, 0.2 * pow(2, Double(attempt)))
            let delay = policy.delay(after: attempt, retryAfter: nil)
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
        #expect(policy.delay(after: 0, retryAfter: "0") == 0)
        #expect(policy.delay(after: 0, retryAfter: "120") == 1)
    }
}
