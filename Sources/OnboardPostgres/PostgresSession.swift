import Foundation
import Logging
import OnboardCore
import PostgresNIO

/// One connection to the state database, used by one operation at a time (a transaction never interleaves with
/// another's statements), opened on first use and again after the server went away; onboard's schema is migrated
/// before its first transaction. Callers wait their turn on a queue of continuations, never on a thread.
actor PostgresSession {
    let url: PostgresURL
    private var connection: PostgresConnection?
    private var busy = false
    private var migrated = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    static let logger = Logger(label: "onboard.postgres") { _ in SwiftLogNoOpLogHandler() }

    init(url: PostgresURL) {
        self.url = url
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` on error), within `deadline` seconds.
    func transaction<T: Sendable>(
        _ what: String, deadline: Double = PostgresSession.deadline,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(OnboardError) -> T {
        await acquire()
        defer { release() }
        try await migrateOnce()
        return try await run(what, deadline: deadline, body)
    }

    /// Brings the schema up to date before anything reads or writes onboard's tables (the state lock too).
    func ensureSchema() async throws(OnboardError) {
        await acquire()
        defer { release() }
        try await migrateOnce()
    }

    private func migrateOnce() async throws(OnboardError) {
        guard !migrated else { return }
        try await run("migrating onboard's schema", deadline: Self.deadline, PostgresSchema.migrate)
        migrated = true
    }

    /// One transaction on the connection; the caller holds the turn.
    private func run<T: Sendable>(
        _ what: String, deadline: Double, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(OnboardError) -> T {
        let connection = try await connected()
        let url = self.url
        do {
            return try await withDeadline(deadline, { Self.timedOut(what, url, deadline) }) {
                try await connection.query("BEGIN", logger: Self.logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: Self.logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: Self.logger)
                    throw error
                }
            }
        } catch let error as OnboardError {
            if error.code == .unreachable { drop(connection) }
            throw error
        } catch {
            drop(connection)
            throw Self.failure(error, what, url)
        }
    }

    /// The longest a statement of onboard's may take before the server counts as gone.
    static let deadline: Double = 15

    static func timedOut(_ what: String, _ url: PostgresURL, _ seconds: Double = deadline) -> OnboardError {
        OnboardError(
            .unreachable, "the PostgreSQL server \(url.server) did not answer within \(Int(seconds)) s while \(what)")
    }

    /// Forgets a connection that failed; the next operation opens a new one.
    private func drop(_ failed: PostgresConnection) {
        if connection === failed { connection = nil }
        Self.close(failed)
    }

    /// Closes a connection without waiting for the server to agree (it may be gone); the closure keeps the
    /// connection alive until its channel has closed.
    static func close(_ connection: PostgresConnection) {
        if !connection.isClosed { connection.close().whenComplete { _ in _ = connection } }
    }

    deinit {
        // Closed in the background; the closure keeps the connection alive until the channel has closed.
        if let connection { Self.close(connection) }
    }

    func close() {
        if let connection { Self.close(connection) }
        connection = nil
    }

    private func connected() async throws(OnboardError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let opened = try await Self.connect(url)
        connection = opened
        return opened
    }

    /// A new connection of its own (the state lock holds one for as long as it is held).
    static func connect(_ url: PostgresURL) async throws(OnboardError) -> PostgresConnection {
        let configuration = try url.configuration()
        do {
            return try await withDeadline(deadline, { timedOut("connecting", url) }) {
                try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            }
        } catch let error as OnboardError {
            throw error
        } catch {
            throw failure(error, "connecting", url)
        }
    }

    /// A one-line error naming the server and what failed, never the password.
    static func failure(_ error: any Error, _ what: String, _ url: PostgresURL) -> OnboardError {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return OnboardError(
                    .storage, "the PostgreSQL server \(url.server) refused \(what): \(message)", underlying: error)
            }
            return OnboardError(
                .unreachable, "the PostgreSQL server \(url.server) cannot be reached while \(what) (\(error.code))",
                underlying: error
            )
        }
        return OnboardError(
            .unreachable, "the PostgreSQL server \(url.server) failed while \(what): \(error)", underlying: error)
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
