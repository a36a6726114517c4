import Foundation
import OnboardCore
import OnboardPKI
import PostgresNIO

/// The CA's files in the state database (`spec.ca.backend: database`), keyed by deployment: every runner with the
/// URL and the passphrase signs with the same CA and continues the same inventory and CRL numbers. The keys arrive
/// already encrypted with the CA passphrase; the lock is an advisory lock of its own, held on a dedicated connection
/// while a change runs, so two runners never interleave a change of the inventory.
public actor PostgresCAFiles: CAFileStore {
    public let deployment: String
    let url: PostgresURL
    private let session: PostgresSession

    public init(url: String, urlVariable: String, deployment: String) throws(OnboardError) {
        self.url = try PostgresURL(url, variable: urlVariable)
        self.deployment = deployment
        self.session = PostgresSession(url: self.url)
    }

    public nonisolated var location: String { "the database \(url.server) (deployment \(deployment))" }

    public nonisolated func describe(_ name: String) -> String { "\(name) in \(location)" }

    public func read(_ name: String) async throws(OnboardError) -> [UInt8]? {
        let deployment = self.deployment
        return try await session.transaction("reading the CA's \(name)") { connection in
            let rows = try await connection.query(
                "SELECT content FROM onboard_ca_files WHERE deployment = \(deployment) AND name = \(name)",
                logger: PostgresSession.logger
            )
            for try await content in rows.decode(String.self) {
                guard let data = Data(base64Encoded: content) else {
                    throw OnboardError(.corruptStore, "\(name) in the state database is damaged")
                }
                return Array(data)
            }
            return nil
        }
    }

    public func write(_ name: String, _ bytes: [UInt8]) async throws(OnboardError) {
        let (deployment, content) = (self.deployment, Data(bytes).base64EncodedString())
        try await session.transaction("writing the CA's \(name)") { connection in
            try await connection.query(
                """
                INSERT INTO onboard_ca_files (deployment, name, content) VALUES (\(deployment), \(name), \(content))
                ON CONFLICT (deployment, name) DO UPDATE SET content = excluded.content
                """, logger: PostgresSession.logger
            )
        }
    }

    public nonisolated func withLock<T>(_ body: () async throws(OnboardError) -> T) async throws(OnboardError) -> T {
        let connection = try await PostgresSession.connect(url)
        let key = PostgresStateLock.key("ca \(deployment)")
        // The body runs outside the actor (it reads and writes through it), in the caller's task.
        let url = self.url
        do {
            // Another runner may hold the CA for a while (a batch issuance); five minutes is the most we wait.
            try await withDeadline(
                300, { OnboardError(.locked, "the CA in \(url.server) stayed locked for 5 minutes") }
            ) {
                try await connection.query("SELECT pg_advisory_lock(\(key))", logger: PostgresSession.logger)
            }
        } catch let error as OnboardError {
            PostgresSession.close(connection)
            throw error
        } catch {
            PostgresSession.close(connection)
            throw PostgresSession.failure(error, "taking the CA lock", url)
        }
        do {
            let value = try await body()
            PostgresSession.close(connection)
            return value
        } catch {
            PostgresSession.close(connection)
            throw error
        }
    }

}
