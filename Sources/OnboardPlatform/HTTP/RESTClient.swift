import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import OnboardCore

/// The one HTTP client of the live adapters: TLS verification always on (an extra CA bundle may be added to the
/// system roots), a deadline per request, retries per `RetryPolicy`, and at most `maxConcurrent` requests in flight.
/// Synchronous on purpose: the engine's ports are synchronous and run on their own threads.
public final class RESTClient: Sendable {
    private let client: HTTPClient
    private let timeout: TimeInterval
    private let retry: RetryPolicy
    private let slots: DispatchSemaphore
    private let counter = RequestCounter()
    private static let allRequests = RequestCounter()
    /// Names the server in messages ("FHIR server", "OAuth server").
    public let serverName: String

    public init(
        serverName: String, caBundle: String? = nil, timeout: TimeInterval = 15, retry: RetryPolicy = RetryPolicy(),
        maxConcurrent: Int = 4
    ) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caBundle {
            guard FileManager.default.isReadableFile(atPath: caBundle) else {
                throw PlatformError(.configuration, "the CA bundle \(caBundle) for the \(serverName) cannot be read")
            }
            tls.additionalTrustRoots = [.file(caBundle)]
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .milliseconds(Int64(timeout * 1000)))
        )
        // A refused connection fails at once; RetryPolicy decides about trying again, with backoff.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.serverName = serverName
        self.timeout = timeout
        self.retry = retry
        self.slots = DispatchSemaphore(value: max(1, maxConcurrent))
    }

    deinit {
        try? client.syncShutdown()
    }

    /// Requests sent so far (every attempt counts), for the no-change-plan request figure.
    public var requestCount: Int { counter.value }

    /// Requests sent by every client of this process.
    public static var totalRequests: Int { allRequests.value }

    /// Sends a request, retrying what `RetryPolicy` allows. A POST is retried only when the server cannot have
    /// acted on it (no connection, 429, 503), never after a timeout.
    public func send(
        _ method: HTTPMethod, _ url: String, headers: [String: String] = [:], body: Data? = nil
    ) throws -> HTTPResponse {
        var attempt = 0
        while true {
            let outcome = perform(method, url, headers: headers, body: body)
            let retryable: Bool
            var retryAfter: String?
            switch outcome {
            case .success(let response):
                guard RetryPolicy.retriedStatuses.contains(response.status) else { return response }
                retryable = true
                retryAfter = response.headers["retry-after"]
            case .failure(let failure):
                retryable = failure.beforeSending || method != .POST
            }
            attempt += 1
            guard retryable, attempt < retry.attempts else {
                switch outcome {
                case .success(let response):
                    throw PlatformError(
                        .unreachable,
                        "the \(serverName) answered HTTP \(response.status) to \(method.rawValue) \(url) \(attempt) times; try again later"
                    )
                case .failure(let failure):
                    throw PlatformError(
                        .unreachable,
                        "the \(serverName) at \(Self.origin(url)) cannot be reached (\(failure.reason)) after \(attempt) attempts"
                    )
                }
            }
            Thread.sleep(forTimeInterval: retry.delay(after: attempt - 1, retryAfter: retryAfter))
        }
    }

    private struct Failure: Error {
        let reason: String
        let beforeSending: Bool
    }

    private func perform(_ method: HTTPMethod, _ url: String, headers: [String: String], body: Data?) -> Result<HTTPResponse, Failure> {
        slots.wait()
        defer { slots.signal() }
        counter.increment()
        Self.allRequests.increment()
        do {
            var request = try HTTPClient.Request(url: url, method: method)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(body) }
            let response = try client.execute(request: request, deadline: .now() + .milliseconds(Int64(timeout * 1000))).wait()
            var names: [String: String] = [:]
            for (name, value) in response.headers { names[name.lowercased()] = value }
            let data = response.body.map { Data($0.readableBytesView) } ?? Data()
            return .success(HTTPResponse(status: Int(response.status.code), headers: names, body: data))
        } catch let error as HTTPClientError where error == .connectTimeout || error == .remoteConnectionClosed {
            return .failure(Failure(reason: "\(error)", beforeSending: error == .connectTimeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failure(Failure(reason: "no answer within \(Int(timeout)) s", beforeSending: false))
        } catch let error as NIOSSLError {
            return .failure(Failure(reason: "TLS: \(error)", beforeSending: true))
        } catch {
            return .failure(Failure(reason: Self.describe(error), beforeSending: true))
        }
    }

    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }

    static func origin(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return "\(components.scheme ?? "https")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}
