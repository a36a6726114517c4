import OnboardCore
import PostgresNIO

/// onboard's tables, created and migrated in order. Several deployments may share one database: every row is keyed
/// by deployment name. Migrations run under a transaction-level advisory lock, so two runners starting at once
/// migrate once.
enum PostgresSchema {
    /// Any constant fits; this one spells "onboard".
    static let migrationLock: Int64 = 0x6F6E_626F_6172_64

    /// Each version is a list of single statements (the extended protocol takes one at a time).
    static let migrations: [[String]] = [
        [
            "CREATE TABLE onboard_state (deployment text PRIMARY KEY, lineage text NOT NULL, serial bigint NOT NULL)",
            """
            CREATE TABLE onboard_resources (
                deployment text NOT NULL, address text NOT NULL, kind text NOT NULL, partner text,
                platform_id text NOT NULL, digest text NOT NULL, document text NOT NULL,
                applied_at double precision NOT NULL, version text, sealed text,
                PRIMARY KEY (deployment, address)
            )
            """,
            """
            CREATE TABLE onboard_journal (
                id bigserial PRIMARY KEY, deployment text NOT NULL, started_at double precision NOT NULL,
                finished_at double precision, actor text NOT NULL, git_commit text, plan_digest text NOT NULL,
                outcome text NOT NULL, counts text
            )
            """,
            "CREATE INDEX onboard_journal_deployment ON onboard_journal (deployment, id)",
            "CREATE TABLE onboard_lock_holders (deployment text PRIMARY KEY, holder text NOT NULL)",
        ],
        [
            // The CA's files (keys encrypted by the CA before they arrive), base64.
            """
            CREATE TABLE onboard_ca_files (
                deployment text NOT NULL, name text NOT NULL, content text NOT NULL, PRIMARY KEY (deployment, name)
            )
            """
        ],
        [
            // Each step of an apply (JSON, no secret), written before the change is sent and again once recorded.
            """
            CREATE TABLE onboard_journal_steps (
                deployment text NOT NULL, journal_id bigint NOT NULL, idx integer NOT NULL, partner text,
                document text NOT NULL, PRIMARY KEY (deployment, journal_id, idx)
            )
            """,
            "ALTER TABLE onboard_journal ADD COLUMN audited boolean NOT NULL DEFAULT false",
        ],
    ]

    /// Brings the schema to the latest version, inside the caller's transaction.
    @Sendable static func migrate(_ connection: PostgresConnection) async throws {
        let logger = PostgresSession.logger
        try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS onboard_schema (version integer NOT NULL)", logger: logger
        )
        var current = 0
        for try await version in try await connection.query("SELECT max(version) FROM onboard_schema", logger: logger)
            .decode(Int?.self)
        { current = version ?? 0 }
        guard current <= migrations.count else {
            throw OnboardError(
                .storage,
                "the state database has schema version \(current); this onboard knows up to \(migrations.count): upgrade onboard"
            )
        }
        for (index, statements) in migrations.enumerated() where index + 1 > current {
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query("INSERT INTO onboard_schema VALUES (\(index + 1))", logger: logger)
        }
    }
}
