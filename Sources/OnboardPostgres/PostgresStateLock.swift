import Foundation
import OnboardCore
import PostgresNIO

/// The state lock on PostgreSQL: a session-level advisory lock per deployment on a connection of its own, held until
/// `release` — or until that connection ends, which PostgreSQL notices at once when the holder's process dies. Who
/// holds it is recorded beside it, so a refused run can name the holder.
final class PostgresStateLock: StateLock, @unchecked Sendable {
    private let connection: PostgresConnection
    private let key: Int64
    private let deployment: String

    private init(connection: PostgresConnection, key: Int64, deployment: String) {
        self.connection = connection
        self.key = key
        self.deployment = deployment
    }

    /// The advisory lock key of a deployment's state: 64 bits of a SHA-256 of its name, so deployments sharing a
    /// database never share a lock.
    static func key(_ deployment: String) -> Int64 {
        let hex = SHA256Digest.hex("onboard state lock \(deployment)").prefix(16)
        return Int64(bitPattern: UInt64(hex, radix: 16) ?? 0)
    }

    static func acquire(
        url: PostgresURL, deployment: String, holder: LockHolder
    ) async throws(OnboardError) -> PostgresStateLock {
        let connection = try await PostgresSession.connect(url)
        let key = key(deployment)
        let logger = PostgresSession.logger
        do {
            var taken = false
            for try await value in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                .decode(Bool.self)
            { taken = value }
            guard taken else {
                var who = "another run"
                for try await text in try await connection.query(
                    "SELECT holder FROM onboard_lock_holders WHERE deployment = \(deployment)", logger: logger
                ).decode(String.self) {
                    who = LockHolder(json: text)?.description ?? who
                }
                PostgresSession.close(connection)
                throw OnboardError(.locked, "the state is locked by \(who); wait for it to finish and try again")
            }
            let text = holder.json
            try await connection.query(
                """
                INSERT INTO onboard_lock_holders (deployment, holder) VALUES (\(deployment), \(text))
                ON CONFLICT (deployment) DO UPDATE SET holder = excluded.holder
                """, logger: logger
            )
            return PostgresStateLock(connection: connection, key: key, deployment: deployment)
        } catch let error as OnboardError {
            throw error
        } catch {
            PostgresSession.close(connection)
            throw PostgresSession.failure(error, "taking the state lock", url)
        }
    }

    deinit {
        // A lock dropped without release ends with its connection, which frees it.
        PostgresSession.close(connection)
    }

    /// Unlocks and closes; when the server is gone, closing the connection is all there is to do.
    func release() async {
        let (connection, key, deployment) = (self.connection, self.key, self.deployment)
        _ = try? await withDeadline(5, { OnboardError(.unreachable, "no answer releasing the state lock") }) {
            let logger = PostgresSession.logger
            try await connection.query(
                "DELETE FROM onboard_lock_holders WHERE deployment = \(deployment)", logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
        }
        PostgresSession.close(connection)
    }
}
