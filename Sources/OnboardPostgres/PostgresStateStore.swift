import Foundation
import OnboardCore
import PostgresNIO

/// State in PostgreSQL, for teams and CI (DESIGN §4): any runner with the URL sees the same lineage, serial,
/// resources and journal. Every write is one transaction with the serial increment; the lock is a session-level
/// advisory lock that PostgreSQL frees when its connection ends, however the holder died.
public actor PostgresStateStore: StateStore {
    public let deployment: String
    /// Records written in an earlier form, read in today's.
    public let upgrade: RecordUpgrade?
    let url: PostgresURL
    private let session: PostgresSession

    /// `urlVariable` names the environment variable the URL came from, for messages.
    public init(
        url: String, urlVariable: String, deployment: String, upgrade: RecordUpgrade? = nil
    )
        throws(OnboardError)
    {
        self.url = try PostgresURL(url, variable: urlVariable)
        self.deployment = deployment
        self.upgrade = upgrade
        self.session = PostgresSession(url: self.url)
    }

    /// `host:port/database`, for `show` and messages.
    public nonisolated var server: String { url.server }

    /// The advisory lock key of a deployment's state (tests hold it from another session).
    public static func lockKey(deployment: String) -> Int64 {
        PostgresStateLock.key(deployment)
    }

    /// Closes the connection (the lock has its own).
    public func close() async {
        await session.close()
    }

    public func snapshot() async throws(OnboardError) -> StateSnapshot {
        let deployment = self.deployment
        return try await session.transaction("reading the state") { connection in
            let logger = PostgresSession.logger
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            let (lineage, serial) = try await Self.identity(connection, deployment)
            var resources: [ResourceAddress: ResourceRecord] = [:]
            // Sized once: tens of thousands of records would otherwise rehash the dictionary as it grows.
            let counted = try await connection.query(
                "SELECT COUNT(*) FROM onboard_resources WHERE deployment = \(deployment)", logger: logger)
            for try await count in counted.decode(Int.self) { resources.reserveCapacity(count) }
            let rows = try await connection.query(
                """
                SELECT address, platform_id, document, applied_at, version, sealed FROM onboard_resources
                WHERE deployment = \(deployment)
                """, logger: logger
            )
            for try await (text, platformID, document, appliedAt, version, sealed)
                in rows.decode((String, String, String, Double, String?, String?).self)
            {
                guard let address = ResourceAddress(text) else {
                    throw OnboardError(.corrupt, "state holds an unknown resource address \(text)")
                }
                let record = ResourceRecord(
                    address: address, platformID: platformID, canonical: document,
                    appliedAt: Date(timeIntervalSince1970: appliedAt), version: version, sealed: sealed
                )
                resources[address] = self.upgrade?(record) ?? record
            }
            var last: JournalEntry?
            let journal = try await connection.query(
                """
                SELECT id, started_at, finished_at, actor, git_commit, plan_digest, outcome, counts FROM onboard_journal
                WHERE deployment = \(deployment) ORDER BY id DESC LIMIT 1
                """, logger: logger
            )
            for try await (id, started, finished, actor, commit, digest, outcome, counts)
                in journal.decode((Int, Double, Double?, String, String?, String, String, String?).self)
            {
                last = JournalEntry(
                    id: id, startedAt: Date(timeIntervalSince1970: started),
                    finishedAt: finished.map(Date.init(timeIntervalSince1970:)), actor: actor, gitCommit: commit,
                    planDigest: digest, outcome: JournalOutcome(stored: outcome),
                    counts: counts.flatMap { try? JSONDecoder().decode(ApplyCounts.self, from: Data($0.utf8)) }
                )
            }
            return StateSnapshot(lineage: lineage, serial: serial, resources: resources, lastApply: last)
        }
    }

    public func lock(_ holder: LockHolder) async throws(OnboardError) -> any StateLock {
        try await session.ensureSchema()
        return try await PostgresStateLock.acquire(url: url, deployment: deployment, holder: holder)
    }

    @discardableResult
    public func save(_ record: ResourceRecord) async throws(OnboardError) -> Int {
        try await saveAll([record])
    }

    /// Records many resources in one transaction (one serial increment), 5,000 rows per statement.
    @discardableResult
    public func saveAll(_ records: [ResourceRecord]) async throws(OnboardError) -> Int {
        let what = records.count == 1 ? "recording \(records[0].address)" : "recording \(records.count) resources"
        return try await write(what, deadline: Self.deadline(for: records.count)) { connection, deployment in
            try await Self.upsert(records, deployment: deployment, on: connection)
        }.serial
    }

    /// The base deadline, and 5 s more per 5,000 rows.
    static func deadline(for rows: Int) -> Double {
        PostgresSession.deadline + Double(rows / 5_000) * 5
    }

    /// Inserts or replaces resources with one `unnest` statement per 5,000 (NULL travels as '' — never a valid
    /// partner id, version or sealed secret).
    static func upsert(_ records: [ResourceRecord], deployment: String, on connection: PostgresConnection) async throws
    {
        for start in stride(from: 0, to: records.count, by: 5_000) {
            let chunk = records[start..<min(start + 5_000, records.count)]
            let addresses = chunk.map(\.address.description), kinds = chunk.map(\.address.kind.rawValue)
            let partners = chunk.map { $0.address.partnerID ?? "" }, ids = chunk.map(\.platformID)
            let digests = chunk.map(\.digest), documents = chunk.map(\.canonical)
            let applied = chunk.map(\.appliedAt.timeIntervalSince1970)
            let versions = chunk.map { $0.version ?? "" }, sealed = chunk.map { $0.sealed ?? "" }
            try await connection.query(
                """
                INSERT INTO onboard_resources
                    (deployment, address, kind, partner, platform_id, digest, document, applied_at, version, sealed)
                SELECT \(deployment), a, k, NULLIF(p, ''), i, g, d, t, NULLIF(v, ''), NULLIF(s, '')
                FROM unnest(\(addresses)::text[], \(kinds)::text[], \(partners)::text[], \(ids)::text[],
                    \(digests)::text[], \(documents)::text[], \(applied)::float8[], \(versions)::text[],
                    \(sealed)::text[]) AS r(a, k, p, i, g, d, t, v, s)
                ON CONFLICT (deployment, address) DO UPDATE SET platform_id = excluded.platform_id,
                    digest = excluded.digest, document = excluded.document, applied_at = excluded.applied_at,
                    version = excluded.version, sealed = excluded.sealed
                """, logger: PostgresSession.logger
            )
        }
    }

    @discardableResult
    public func remove(_ address: ResourceAddress) async throws(OnboardError) -> Int {
        try await write("forgetting \(address)") { connection, deployment in
            try await connection.query(
                "DELETE FROM onboard_resources WHERE deployment = \(deployment) AND address = \(address.description)",
                logger: PostgresSession.logger
            )
        }.serial
    }

    public func beginApply(
        actor: String, gitCommit: String?, planDigest: String, at date: Date
    ) async throws(OnboardError) -> Int {
        try await write("opening a journal entry") { connection, deployment in
            let logger = PostgresSession.logger
            let running = JournalOutcome.running.description
            try await connection.query(
                """
                UPDATE onboard_journal SET outcome = \(JournalOutcome.interrupted.description)
                WHERE deployment = \(deployment) AND finished_at IS NULL AND outcome = \(running)
                """, logger: logger
            )
            let rows = try await connection.query(
                """
                INSERT INTO onboard_journal (deployment, started_at, actor, git_commit, plan_digest, outcome)
                VALUES (\(deployment), \(date.timeIntervalSince1970), \(actor), \(gitCommit), \(planDigest), \(running))
                RETURNING id
                """, logger: logger
            )
            for try await id in rows.decode(Int.self) { return id }
            throw OnboardError(.storage, "the state database returned no journal id")
        }.value
    }

    public func finishApply(
        _ id: Int, outcome: JournalOutcome, counts: ApplyCounts, at date: Date
    ) async throws(OnboardError) {
        let text = String(decoding: (try? JSONEncoder().encode(counts)) ?? Data(), as: UTF8.self)
        _ = try await write("closing journal entry \(id)") { connection, deployment in
            try await connection.query(
                """
                UPDATE onboard_journal SET finished_at = \(date.timeIntervalSince1970), outcome = \(outcome.description), counts = \(text)
                WHERE deployment = \(deployment) AND id = \(id)
                """, logger: PostgresSession.logger
            )
        }
    }

    public func saveSteps(_ steps: [JournalStep]) async throws(OnboardError) {
        guard !steps.isEmpty else { return }
        var documents: [String] = []
        do {
            for step in steps { documents.append(String(decoding: try JSONEncoder().encode(step), as: UTF8.self)) }
        } catch {
            throw OnboardError(.storage, "cannot encode journal steps: \(error)")
        }
        let encoded = documents
        _ = try await write("recording \(steps.count) steps of apply \(steps[0].journalID)") { connection, deployment in
            for (step, document) in zip(steps, encoded) {
                try await connection.query(
                    """
                    INSERT INTO onboard_journal_steps (deployment, journal_id, idx, partner, document)
                    VALUES (\(deployment), \(step.journalID), \(step.index), \(step.partnerID), \(document))
                    ON CONFLICT (deployment, journal_id, idx) DO UPDATE SET document = excluded.document
                    """, logger: PostgresSession.logger
                )
            }
        }
    }

    public func journalRecords() async throws(OnboardError) -> [JournalRecord] {
        let deployment = self.deployment
        return try await session.transaction("reading the journal") { connection in
            let logger = PostgresSession.logger
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
            var steps: [Int: [JournalStep]] = [:]
            for try await document in try await connection.query(
                "SELECT document FROM onboard_journal_steps WHERE deployment = \(deployment) ORDER BY journal_id, idx",
                logger: logger
            ).decode(String.self) {
                let step = try JSONDecoder().decode(JournalStep.self, from: Data(document.utf8))
                steps[step.journalID, default: []].append(step)
            }
            var records: [JournalRecord] = []
            let rows = try await connection.query(
                """
                SELECT id, started_at, finished_at, actor, git_commit, plan_digest, outcome, counts, audited FROM onboard_journal
                WHERE deployment = \(deployment) ORDER BY id
                """, logger: logger
            )
            for try await (id, started, finished, actor, commit, digest, outcome, counts, audited)
                in rows.decode((Int, Double, Double?, String, String?, String, String, String?, Bool).self)
            {
                let entry = JournalEntry(
                    id: id, startedAt: Date(timeIntervalSince1970: started),
                    finishedAt: finished.map(Date.init(timeIntervalSince1970:)), actor: actor, gitCommit: commit,
                    planDigest: digest, outcome: JournalOutcome(stored: outcome),
                    counts: counts.flatMap { try? JSONDecoder().decode(ApplyCounts.self, from: Data($0.utf8)) }
                )
                records.append(JournalRecord(entry: entry, steps: steps[id] ?? [], audited: audited))
            }
            return records
        }
    }

    public func markAudited(_ id: Int) async throws(OnboardError) {
        _ = try await write("noting the audit records of apply \(id)") { connection, deployment in
            try await connection.query(
                "UPDATE onboard_journal SET audited = true WHERE deployment = \(deployment) AND id = \(id)",
                logger: PostgresSession.logger
            )
        }
    }

    /// Takes over another store's state (`onboard state migrate`): the same lineage, serial and resources, and its
    /// journal with its steps (oldest first; entries get this database's ids, in the same order), in one transaction. Refused when
    /// this database already holds state for the deployment, so a migration can never overwrite another lineage or
    /// run twice.
    public func adopt(_ snapshot: StateSnapshot, journal: [JournalRecord] = []) async throws(OnboardError) {
        let deployment = self.deployment
        try await session.transaction(
            "migrating the state of \(deployment)", deadline: Self.deadline(for: snapshot.resources.count)
        ) { connection in
            let logger = PostgresSession.logger
            for try await (lineage, serial) in try await connection.query(
                "SELECT lineage, serial FROM onboard_state WHERE deployment = \(deployment) FOR UPDATE", logger: logger
            ).decode((String, Int).self) {
                throw OnboardError(
                    .conflict,
                    "the database already holds the state of \(deployment) (lineage \(lineage), serial \(serial)); "
                        + "refusing to replace it with lineage \(snapshot.lineage)"
                )
            }
            try await connection.query(
                """
                INSERT INTO onboard_state (deployment, lineage, serial)
                VALUES (\(deployment), \(snapshot.lineage), \(snapshot.serial))
                """, logger: logger
            )
            try await Self.upsert(Array(snapshot.resources.values), deployment: deployment, on: connection)
            for record in journal {
                let entry = record.entry
                let counts = entry.counts.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) }
                var newID: Int?
                for try await id in try await connection.query(
                    """
                    INSERT INTO onboard_journal (deployment, started_at, finished_at, actor, git_commit, plan_digest, outcome, counts, audited)
                    VALUES (\(deployment), \(entry.startedAt.timeIntervalSince1970), \(entry.finishedAt?.timeIntervalSince1970),
                            \(entry.actor), \(entry.gitCommit), \(entry.planDigest), \(entry.outcome.description), \(counts), \(record.audited))
                    RETURNING id
                    """, logger: logger
                ).decode(Int.self) { newID = id }
                guard let newID else { throw OnboardError(.storage, "the state database returned no journal id") }
                for step in record.steps {
                    var moved = step
                    moved.journalID = newID
                    let document = String(decoding: try JSONEncoder().encode(moved), as: UTF8.self)
                    try await connection.query(
                        """
                        INSERT INTO onboard_journal_steps (deployment, journal_id, idx, partner, document)
                        VALUES (\(deployment), \(newID), \(step.index), \(step.partnerID), \(document))
                        """, logger: logger
                    )
                }
            }
        }
    }

    // MARK: - Helpers

    /// Migrates the schema once per store.

    /// Runs a change and the serial increment in one transaction; returns what the change returned and the serial.
    private func write<T: Sendable>(
        _ what: String, deadline: Double = PostgresSession.deadline,
        _ body: @escaping @Sendable (PostgresConnection, String) async throws -> T
    ) async throws(OnboardError) -> (value: T, serial: Int) {
        let deployment = self.deployment
        return try await session.transaction(what, deadline: deadline) { connection in
            let value = try await body(connection, deployment)
            // The serial increment also creates the deployment's row (with a new lineage) on its first write.
            let rows = try await connection.query(
                """
                INSERT INTO onboard_state (deployment, lineage, serial) VALUES (\(deployment), \(UUID().uuidString.lowercased()), 1)
                ON CONFLICT (deployment) DO UPDATE SET serial = onboard_state.serial + 1 RETURNING serial
                """, logger: PostgresSession.logger
            )
            for try await serial in rows.decode(Int.self) { return (value, serial) }
            throw OnboardError(.storage, "the state of \(deployment) vanished while writing")
        }
    }

    /// The deployment's lineage and serial, creating its row (with a new lineage) the first time.
    private static func identity(_ connection: PostgresConnection, _ deployment: String) async throws -> (String, Int) {
        let logger = PostgresSession.logger
        try await connection.query(
            """
            INSERT INTO onboard_state (deployment, lineage, serial)
            VALUES (\(deployment), \(UUID().uuidString.lowercased()), 0) ON CONFLICT (deployment) DO NOTHING
            """, logger: logger
        )
        let rows = try await connection.query(
            "SELECT lineage, serial FROM onboard_state WHERE deployment = \(deployment)", logger: logger
        )
        for try await (lineage, serial) in rows.decode((String, Int).self) { return (lineage, serial) }
        throw OnboardError(.storage, "the state of \(deployment) cannot be read")
    }
}
