import Foundation
import GRDB
import OnboardCore

/// State on a local SQLite file (GRDB): the default for a single admin or one CI runner. Every write runs in one
/// transaction with the serial increment; the lock is an exclusive `flock` on a file beside the database, released by
/// the operating system if the process dies.
public final class SQLiteStateStore: StateStore, @unchecked Sendable {
    public let path: String
    /// Records written in an earlier form, read in today's.
    public let upgrade: RecordUpgrade?
    private let queue: DatabaseQueue

    public init(path: String, upgrade: RecordUpgrade? = nil) throws(OnboardError) {
        self.path = path
        self.upgrade = upgrade
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            // Write-ahead logging with `synchronous = NORMAL`: every commit survives the process being killed (the WAL
            // is in the operating system's hands once written), one fsync per checkpoint rather than per write — an
            // apply writes three times per change. Only a power loss can take the last commits, and then state is
            // still consistent, and the next apply adopts what the platform holds.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(queue)
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw OnboardError(.storage, "cannot open the state at \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE resources (
                        address TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        partner TEXT,
                        platform_id TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        document TEXT NOT NULL,
                        applied_at DOUBLE NOT NULL
                    );
                    CREATE INDEX resources_partner ON resources(partner);
                    CREATE TABLE journal (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        started_at DOUBLE NOT NULL,
                        finished_at DOUBLE,
                        actor TEXT NOT NULL,
                        git_commit TEXT,
                        plan_digest TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        summary TEXT NOT NULL
                    );
                    """)
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('lineage', ?), ('serial', '0'), ('schema', '1')",
                arguments: [UUID().uuidString.lowercased()]
            )
        }
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE resources ADD COLUMN version TEXT;
                    ALTER TABLE resources ADD COLUMN sealed TEXT;
                    UPDATE meta SET value = '2' WHERE key = 'schema';
                    """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_steps (
                        journal_id INTEGER NOT NULL,
                        idx INTEGER NOT NULL,
                        partner TEXT,
                        document TEXT NOT NULL,
                        PRIMARY KEY (journal_id, idx)
                    );
                    ALTER TABLE journal ADD COLUMN audited INTEGER NOT NULL DEFAULT 0;
                    UPDATE meta SET value = '3' WHERE key = 'schema';
                    """)
        }
        return migrator
    }

    public func snapshot() async throws(OnboardError) -> StateSnapshot {
        do {
            return try await queue.read { db in
                let meta = try Dictionary(
                    Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                        ($0["key"] as String, $0["value"] as String)
                    },
                    uniquingKeysWith: { first, _ in first }
                )
                var resources: [ResourceAddress: ResourceRecord] = [:]
                // Sized once: tens of thousands of records would otherwise rehash the dictionary as it grows.
                resources.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources") ?? 0)
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT address, platform_id, document, applied_at, version, sealed FROM resources"
                )
                while let row = try cursor.next() {
                    let text: String = row["address"]
                    guard let address = ResourceAddress(text) else {
                        throw OnboardError(.corrupt, "state holds an unknown resource address \(text)")
                    }
                    let record = ResourceRecord(
                        address: address, platformID: row["platform_id"], canonical: row["document"],
                        appliedAt: Date(timeIntervalSince1970: row["applied_at"]), version: row["version"],
                        sealed: row["sealed"]
                    )
                    resources[address] = upgrade?(record) ?? record
                }
                let last = try Row.fetchOne(db, sql: "SELECT * FROM journal ORDER BY id DESC LIMIT 1").map(Self.journal)
                return StateSnapshot(
                    lineage: meta["lineage"] ?? "", serial: Int(meta["serial"] ?? "0") ?? 0, resources: resources,
                    lastApply: last
                )
            }
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "cannot read the state at \(path): \(error)")
        }
    }

    public func lock(_ holder: LockHolder) throws(OnboardError) -> any StateLock {
        try FileLock.acquire(path: path + ".lock", holder: holder)
    }

    @discardableResult
    public func save(_ record: ResourceRecord) async throws(OnboardError) -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO resources (address, kind, partner, platform_id, digest, document, applied_at, version, sealed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(address) DO UPDATE SET platform_id = excluded.platform_id, digest = excluded.digest,
                        document = excluded.document, applied_at = excluded.applied_at, version = excluded.version,
                        sealed = excluded.sealed
                    """,
                arguments: [
                    record.address.description, record.address.kind.rawValue, record.address.partnerID,
                    record.platformID,
                    record.digest, record.canonical, record.appliedAt.timeIntervalSince1970, record.version,
                    record.sealed,
                ]
            )
        }.serial
    }

    /// Records many resources in one transaction (one serial increment): for imports and benchmarks that build a
    /// large state quickly.
    @discardableResult
    public func saveAll(_ records: [ResourceRecord]) async throws(OnboardError) -> Int {
        try await write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO resources (address, kind, partner, platform_id, digest, document, applied_at, version, sealed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for record in records {
                try statement.execute(arguments: [
                    record.address.description, record.address.kind.rawValue, record.address.partnerID,
                    record.platformID, record.digest, record.canonical, record.appliedAt.timeIntervalSince1970,
                    record.version, record.sealed,
                ])
            }
        }.serial
    }

    @discardableResult
    public func remove(_ address: ResourceAddress) async throws(OnboardError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM resources WHERE address = ?", arguments: [address.description])
        }.serial
    }

    public func beginApply(
        actor: String, gitCommit: String?, planDigest: String, at date: Date
    ) async throws(OnboardError) -> Int {
        try await write { db in
            let running = JournalOutcome.running.description
            try db.execute(
                sql: "UPDATE journal SET outcome = ? WHERE finished_at IS NULL AND outcome = ?",
                arguments: [JournalOutcome.interrupted.description, running]
            )
            try db.execute(
                sql: """
                    INSERT INTO journal (started_at, actor, git_commit, plan_digest, outcome, summary)
                    VALUES (?, ?, ?, ?, ?, '')
                    """,
                arguments: [date.timeIntervalSince1970, actor, gitCommit, planDigest, running]
            )
            return Int(db.lastInsertedRowID)
        }.value
    }

    /// The counts are kept as JSON in the `summary` column.
    public func finishApply(
        _ id: Int, outcome: JournalOutcome, counts: ApplyCounts, at date: Date
    ) async throws(OnboardError) {
        let summary = String(decoding: (try? JSONEncoder().encode(counts)) ?? Data(), as: UTF8.self)
        _ = try await write { db in
            try db.execute(
                sql: "UPDATE journal SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, outcome.description, summary, id]
            )
        }
    }

    public func saveSteps(_ steps: [JournalStep]) async throws(OnboardError) {
        guard !steps.isEmpty else { return }
        var rows: [(JournalStep, String)] = []
        for step in steps { rows.append((step, try Self.encode(step))) }
        let encoded = rows
        _ = try await write { db in
            let statement = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO journal_steps (journal_id, idx, partner, document) VALUES (?, ?, ?, ?)"
            )
            for (step, document) in encoded {
                try statement.execute(arguments: [step.journalID, step.index, step.partnerID, document])
            }
        }
    }

    public func journalRecords() async throws(OnboardError) -> [JournalRecord] {
        do {
            return try await queue.read { db in
                var steps: [Int: [JournalStep]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT document FROM journal_steps ORDER BY journal_id, idx") {
                    let step = try JSONDecoder().decode(JournalStep.self, from: Data((row["document"] as String).utf8))
                    steps[step.journalID, default: []].append(step)
                }
                return try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY id").map { row in
                    let entry = Self.journal(row)
                    return JournalRecord(
                        entry: entry, steps: steps[entry.id] ?? [], audited: (row["audited"] as Int?) == 1)
                }
            }
        } catch {
            throw OnboardError(.storage, "cannot read the journal at \(path): \(error)")
        }
    }

    public func markAudited(_ id: Int) async throws(OnboardError) {
        _ = try await write { db in try db.execute(sql: "UPDATE journal SET audited = 1 WHERE id = ?", arguments: [id])
        }
    }

    static func encode(_ step: JournalStep) throws(OnboardError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(step), as: UTF8.self)
        } catch {
            throw OnboardError(.storage, "cannot encode journal step \(step.address): \(error)")
        }
    }

    /// Runs a change and increments the serial in the same transaction, on GRDB's writer queue (awaited, so no
    /// cooperative thread waits on the disk); returns what the change returned and the new serial.
    private func write<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(OnboardError) -> (value: T, serial: Int) {
        do {
            return try await queue.write { db in
                let value = try body(db)
                try db.execute(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'serial'")
                return (
                    value, try Int(String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'serial'") ?? "0") ?? 0
                )
            }
        } catch {
            throw OnboardError(.storage, "cannot write the state at \(path): \(error)")
        }
    }

    /// Every apply the journal holds, oldest first (for `state migrate`, which moves the history with the state).
    public func journal() async throws(OnboardError) -> [JournalEntry] {
        do {
            return try await queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY id").map(Self.journal)
            }
        } catch {
            throw OnboardError(.storage, "cannot read the journal at \(path): \(error)")
        }
    }

    private static func journal(_ row: Row) -> JournalEntry {
        JournalEntry(
            id: row["id"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)), actor: row["actor"],
            gitCommit: row["git_commit"], planDigest: row["plan_digest"],
            outcome: JournalOutcome(stored: row["outcome"]),
            counts: (row["summary"] as String?).flatMap {
                try? JSONDecoder().decode(ApplyCounts.self, from: Data($0.utf8))
            }
        )
    }
}
