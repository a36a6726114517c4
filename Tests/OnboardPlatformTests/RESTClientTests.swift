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
        let error = await #expect(throws: OnboardError.self) {
            try await impatient.send(.GET, "http://127.0.0.1:\(port)/still-busy")
        }
        #expect(error?.code == .unreachable)
        #expect(
            error?.message
                == "the test server answered HTTP 503 to GET http://127.0.0.1:\(port)/still-busy 2 times; try again later"
        )
    }

    @Test func nothingListeningIsUnreachable() async throws {
        let port = FreePort.find()
        let client = try RESTClient(serverName: "FHIR server", retry: RetryPolicy(attempts: 2, baseDelay: 0.01))
        let error = await #expect(throws: OnboardError.self) {
            try await client.send(.GET, "http://127.0.0.1:\(port)/fhir/metadata")
        }
        #expect(
            error?.message
                == "the FHIR server at http://127.0.0.1:\(port) cannot be reached (connection refused) after 2 attempts"
        )
    }

    /// A server whose certificate no trusted CA issued: one line naming the server and the reason, never the TLS
    /// library's internals (error numbers, its source file and a build path of this machine).
    @Test func anUntrustedCertificateIsOneLineForPeople() async throws {
        let directory = try TemporaryDirectory()
        let made = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj",
                "/CN=127.0.0.1",
                "-keyout", directory.path("key.pem"), "-out", directory.path("cert.pem"),
            ])
        #expect(made.status == 0, "\(made.output)")
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.startPythonHTTP(port: port, tls: (directory.path("cert.pem"), directory.path("key.pem")))
        let client = try RESTClient(serverName: "FHIR server", retry: RetryPolicy(attempts: 1, baseDelay: 0.01))
        let error = await #expect(throws: OnboardError.self) {
            try await client.send(.GET, "https://127.0.0.1:\(port)/fhir/metadata")
        }
        #expect(
            error?.message
                == "the FHIR server at https://127.0.0.1:\(port) cannot be reached (certificate verify failed: the "
                + "server's certificate is not issued by a CA onboard trusts (add it with caBundle)) after 1 attempts",
            "\(error?.message ?? "")")
        #expect(error?.message.contains("handshake.cc") == false && error?.message.contains("BoringSSL") == false)
    }

    /// Each TLS failure named by its cause, against real TLS servers whose certificates a trusted CA issued: expired
    /// (with the date), not yet valid, for another host (with the names it has); and a server that answers something
    /// that is not HTTP is said to have answered, not to be unreachable.
    @Test func eachTLSFailureNamesItsCause() async throws {
        let directory = try TemporaryDirectory()
        try Self.openssl(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=test CA", "-keyout", "ca.key", "-out", "ca.pem",
            ], in: directory)
        try
            "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n"
            .write(toFile: directory.path("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(toFile: directory.path("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(toFile: directory.path("serial"), atomically: true, encoding: .utf8)
        let cases: [(name: String, san: String, start: String, end: String, expected: String)] = [
            (
                "expired", "IP:127.0.0.1", "20200101000000Z", "20200201000000Z",
                "certificate verify failed: the server's certificate expired on 2020-02-01T00:00:00Z"
            ),
            (
                "future", "IP:127.0.0.1", "20990101000000Z", "20990201000000Z",
                "certificate verify failed: the server's certificate is not valid until 2099-01-01T00:00:00Z"
            ),
            (
                "other-host", "DNS:fhir.elsewhere.example,DNS:*.elsewhere.example", "20200101000000Z",
                "20990101000000Z",
                "certificate verify failed: the server's certificate is for fhir.elsewhere.example, *.elsewhere.example, not 127.0.0.1"
            ),
        ]
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        for item in cases {
            try "subjectAltName=\(item.san)\nextendedKeyUsage=serverAuth\n".write(
                toFile: directory.path("\(item.name).ext"), atomically: true, encoding: .utf8)
            try Self.openssl(
                [
                    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
                    "/CN=\(item.name)",
                    "-keyout", "\(item.name).key", "-out", "\(item.name).csr",
                ], in: directory)
            try Self.openssl(
                [
                    "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in",
                    "\(item.name).csr",
                    "-out", "\(item.name).pem", "-startdate", item.start, "-enddate", item.end, "-extfile",
                    "\(item.name).ext",
                ],
                in: directory)
            let port = FreePort.find()
            try servers.startPythonHTTP(
                port: port, tls: (directory.path("\(item.name).pem"), directory.path("\(item.name).key")))
            let client = try RESTClient(
                serverName: "FHIR server", caBundle: directory.path("ca.pem"),
                retry: RetryPolicy(attempts: 1, baseDelay: 0.01)
            )
            let error = await #expect(throws: OnboardError.self) {
                try await client.send(.GET, "https://127.0.0.1:\(port)/fhir/metadata")
            }
            #expect(
                error?.message
                    == "the FHIR server at https://127.0.0.1:\(port) cannot be reached (\(item.expected)) after 1 attempts",
                "\(item.name): \(error?.message ?? "")")
        }

        let port = FreePort.find()
        try servers.start(
            [
                "python3", "-c",
                """
                import socket
                listener = socket.create_server(("127.0.0.1", \(port)))
                while True:
                    connection, _ = listener.accept()
                    connection.recv(65536)
                    connection.sendall(b"220 smtp.example ESMTP ready\\r\\n")
                    connection.close()
                """,
            ], in: Repository.root)
        #expect(try LoopbackServers.waitForPort(port))
        let client = try RESTClient(serverName: "FHIR server", retry: RetryPolicy(attempts: 1, baseDelay: 0.01))
        let error = await #expect(throws: OnboardError.self) {
            try await client.send(.GET, "http://127.0.0.1:\(port)/fhir/metadata")
        }
        #expect(
            error?.message
                == "the FHIR server at http://127.0.0.1:\(port) answered something that is not HTTP after 1 attempts",
            "\(error?.message ?? "")")
    }

    private static func openssl(_ arguments: [String], in directory: TemporaryDirectory) throws {
        let run = try ExternalTool.run("openssl", arguments, in: directory.url)
        #expect(run.status == 0, "openssl \(arguments.first ?? ""): \(run.output)")
    }

    /// A lost answer to a POST: retried only when the caller says the request is idempotent (a login, creating a
    /// scope whose existing copy is accepted), never otherwise — the server may have acted on it.
    @Test func aLostAnswerToAPostIsRetriedOnlyWhenIdempotent() async throws {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(
            ["python3", Repository.fixtures.appendingPathComponent("servers/lost-answer-server.py").path, "\(port)"],
            in: Repository.root
        )
        #expect(try LoopbackServers.waitForPort(port))
        let client = try RESTClient(serverName: "OAuth server", retry: RetryPolicy(attempts: 3, baseDelay: 0.01))
        let login = try await client.send(
            .POST, "http://127.0.0.1:\(port)/api/auth/", body: Data("{}".utf8), idempotent: true)
        #expect(login.status == 200 && login.text == #"{"requests": 2}"#)
        let error = await #expect(throws: OnboardError.self) {
            try await client.send(.POST, "http://127.0.0.1:\(port)/api/oidc/register", body: Data("{}".utf8))
        }
        #expect(error?.message.contains("after 1 attempts") == true, "\(error?.message ?? "")")
    }

    /// A server that accepts connections and never answers: the first timeout stops every other request of the run
    /// at once, instead of each waiting its own timeout through every retry.
    @Test func aServerThatNeverAnsweredFailsFastAfterItsFirstTimeout() async throws {
        let port = FreePort.find()
        let servers = LoopbackServers()
        defer { servers.stopAll() }
        try servers.start(
            [
                "python3", "-c",
                "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', \(port)))\ns.listen(256)\ntime.sleep(300)",
            ], in: Repository.root)
        #expect(try LoopbackServers.waitForPort(port))
        let client = try RESTClient(
            serverName: "FHIR server", timeout: 1, retry: RetryPolicy(attempts: 4, baseDelay: 0.01), maxConcurrent: 4)
        let errors = await withTaskGroup(of: OnboardError?.self) { group in
            for index in 0..<24 {
                group.addTask {
                    do {
                        _ = try await client.send(.GET, "http://127.0.0.1:\(port)/fhir/Organization?page=\(index)")
                        return nil
                    } catch {
                        return error as? OnboardError
                    }
                }
            }
            var errors: [OnboardError] = []
            for await error in group { if let error { errors.append(error) } }
            return errors
        }
        #expect(errors.count == 24)
        #expect(errors.allSatisfy { $0.code == .unreachable })
        #expect(
            errors.allSatisfy {
                $0.message
                    == "the FHIR server at http://127.0.0.1:\(port) gave no answer (no answer within 1 s), and no request to it "
                    + "has been answered in this run: onboard stops rather than wait on every request"
            }, "\(errors.first?.message ?? "")")
        // Without the stop: 24 requests × 4 attempts, each waiting its timeout. With it: no request is tried twice, and
        // one sent after the first timeout fails without being sent.
        #expect(client.requestCount <= 24, "\(client.requestCount) requests sent")
        let late = await #expect(throws: OnboardError.self) {
            try await client.send(.GET, "http://127.0.0.1:\(port)/fhir/Endpoint")
        }
        #expect(late?.message.contains("no request to it has been answered in this run") == true)
        #expect(client.requestCount <= 24, "the late request was never sent")
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
