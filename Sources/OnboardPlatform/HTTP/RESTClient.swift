import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import OnboardCore

/// The one HTTP client of the live adapters: TLS verification always on (an extra CA bundle may be added to the
/// system roots), a deadline per request, retries per `RetryPolicy`, and at most `maxConcurrent` connections to a
/// server (requests beyond that wait in AsyncHTTPClient's pool, not on a thread). Async end to end: no request ever
/// blocks a thread.
public final class RESTClient: Sendable {
    private let client: HTTPClient
    private let timeout: TimeInterval
    private let retry: RetryPolicy
    private let counter = RequestCounter()
    private let health = ServerHealth()
    private let budget: RequestBudget
    private let caBundle: String?
    /// Names the server in messages ("FHIR server", "OAuth server").
    public let serverName: String
    /// The largest response body accepted; a bigger answer is an error, not an unbounded allocation.
    static let maxBodyBytes = 64 * 1024 * 1024

    public init(
        serverName: String, caBundle: String? = nil, timeout: TimeInterval = 15, retry: RetryPolicy = RetryPolicy(),
        maxConcurrent: Int = 4, deadline: TimeInterval? = nil, deadlineSetting: String = "deadlineSeconds",
        run: NetworkRun = NetworkRun()
    ) throws(OnboardError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caBundle {
            guard FileManager.default.isReadableFile(atPath: caBundle) else {
                throw OnboardError(.configuration, "the CA bundle \(caBundle) for the \(serverName) cannot be read")
            }
            tls.additionalTrustRoots = [.file(caBundle)]
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .milliseconds(Int64(timeout * 1000)))
        )
        // A refused connection fails at once; RetryPolicy decides about trying again, with backoff.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, maxConcurrent)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.serverName = serverName
        self.caBundle = caBundle
        self.timeout = timeout
        self.retry = retry
        self.budget = RequestBudget(
            limit: deadline.map { .milliseconds(Int64($0 * 1000)) }, setting: deadlineSetting, run: run)
    }

    deinit {
        // Non-blocking: the pool closes its connections in the background.
        client.shutdown { _ in }
    }

    /// Requests this client sent so far (every attempt counts), for the no-change-plan request figure.
    public var requestCount: Int { counter.value }

    /// Sends a request, retrying what `RetryPolicy` allows. A POST is retried only when the server cannot have
    /// acted on it (no connection, 429, 503), never after a timeout — unless the caller says it is `idempotent` (a
    /// login, creating something whose existing copy the caller accepts). A server that has not answered once in this run
    /// and times out, or stays unreachable through every retry, fails every later request at once (`ServerHealth`);
    /// no request outlasts the server's or the run's deadline (`RequestBudget`).
    public func send(
        _ method: HTTPMethod, _ url: String, headers: [String: String] = [:], body: Data? = nil,
        idempotent: Bool = false
    ) async throws(OnboardError) -> HTTPResponse {
        var attempt = 0
        while true {
            if let reason = health.down { throw down(url, reason) }
            let left = budget.left()
            if let left, left.seconds <= 0 {
                throw budget.expired(left, serverName: serverName, requests: counter.value)
            }
            // A request that would outlast the deadline waits only until it; timing out then is the deadline's doing.
            let cut = left.flatMap { $0.seconds < timeout ? $0 : nil }
            let outcome = await perform(method, url, headers: headers, body: body, timeout: cut?.seconds ?? timeout)
            let retryable: Bool
            var retryAfter: String?
            switch outcome {
            case .success(let response):
                health.recordAnswer()
                budget.run.recordAnswer(from: serverName)
                guard RetryPolicy.retriedStatuses.contains(response.status) else { return response }
                retryable = true
                retryAfter = response.headers["retry-after"]
            case .failure(let failure):
                if failure.timedOut, let cut {
                    throw budget.expired(cut, serverName: serverName, requests: counter.value)
                }
                if failure.timedOut, health.markDown(failure.reason) { throw down(url, failure.reason) }
                retryable = failure.beforeSending || method != .POST || idempotent
            }
            attempt += 1
            guard retryable, attempt < retry.attempts else {
                switch outcome {
                case .success(let response):
                    throw OnboardError(
                        .unreachable,
                        "the \(serverName) answered HTTP \(response.status) to \(method.rawValue) \(url) \(attempt) times; try again later"
                    )
                case .failure(var failure):
                    // A certificate that failed verification is looked at once, when no attempt is left.
                    if TLSFailure.isVerification(failure.reason),
                        let cause = await TLSDiagnosis.explain(url, caBundle: caBundle)
                    {
                        failure.reason = cause
                    }
                    health.markDown(failure.sentence)
                    throw OnboardError(
                        .unreachable,
                        "the \(serverName) at \(Self.origin(url)) \(failure.sentence) after \(attempt) attempts"
                    )
                }
            }
            let pause = retry.delay(after: attempt - 1, retryAfter: retryAfter)
            if let left = budget.left(), left.seconds <= pause {
                throw budget.expired(left, serverName: serverName, requests: counter.value)
            }
            do {
                try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            } catch {
                throw OnboardError(.unreachable, "the request to the \(serverName) was cancelled", underlying: error)
            }
        }
    }

    private struct Failure: Error {
        var reason: String
        let beforeSending: Bool
        var timedOut = false
        /// The server answered, with something onboard cannot use: the reason is what it did, not why it was not reached.
        var reached = false

        /// "cannot be reached (…)", or what a server that was reached did.
        var sentence: String { reached ? reason : "cannot be reached (\(reason))" }
    }

    private func down(_ url: String, _ reason: String) -> OnboardError {
        let what =
            reason.hasPrefix("cannot be reached") || reason.hasPrefix("answered")
            ? reason : "gave no answer (\(reason))"
        return OnboardError(
            .unreachable,
            "the \(serverName) at \(Self.origin(url)) \(what), and no request to it has been answered in this run: "
                + "onboard stops rather than wait on every request"
        )
    }

    private func perform(
        _ method: HTTPMethod, _ url: String, headers: [String: String], body: Data?, timeout: TimeInterval
    ) async -> Result<HTTPResponse, Failure> {
        counter.increment()
        do {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            var names: [String: String] = [:]
            for (name, value) in response.headers { names[name.lowercased()] = value }
            let bytes = try await response.body.collect(upTo: Self.maxBodyBytes)
            return .success(
                HTTPResponse(status: Int(response.status.code), headers: names, body: Data(bytes.readableBytesView)))
        } catch let error as HTTPClientError where error == .connectTimeout || error == .remoteConnectionClosed {
            return .failure(
                Failure(
                    reason: error == .connectTimeout ? "no connection within 5 s" : "\(error)",
                    beforeSending: error == .connectTimeout,
                    timedOut: error == .connectTimeout
                ))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failure(Failure(reason: "no answer within \(Int(timeout)) s", beforeSending: false, timedOut: true))
        } catch is HTTPParserError {
            return .failure(Failure(reason: "answered something that is not HTTP", beforeSending: false, reached: true))
        } catch {
            return .failure(Failure(reason: Self.describe(error), beforeSending: true))
        }
    }

    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if error is NIOSSLError || text.contains("NIOSSL") || text.contains("BoringSSL") || text.contains("handshake")
            || text.contains("Hostname")
        {
            return TLSFailure.reason(error)
        }
        return text
    }

    static func origin(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return "\(components.scheme ?? "https")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}
