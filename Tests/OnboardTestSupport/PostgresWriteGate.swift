import Foundation

/// Holds an apply at a known point, so a test can interrupt it half way on any machine, however fast: a trigger on
/// `onboard_resources` makes the first write of a resource of one kind wait for an advisory lock that an idle psql
/// session holds. Everything recorded before that write is in the database; nothing after it is sent.
public struct PostgresWriteGate: Sendable {
    /// Far from the keys onboard uses (a digest of the deployment name), and only ever taken by this gate.
    static let key: Int64 = 424_242
    let server: PostgresServer
    let database: String
    let holder: Process

    /// Closes the gate before the first record of `kind` (`certificate`, `client`, …) in `database`, whose schema
    /// onboard has already created.
    public init(_ server: PostgresServer, _ database: String, beforeRecording kind: String) async throws {
        (self.server, self.database) = (server, database)
        holder = try await server.idleSession(
            database, "SELECT pg_advisory_lock(\(Self.key));", until: Self.locks(granted: true), is: 1)
        _ = try await server.psql(
            database,
            """
            CREATE FUNCTION onboard_test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_advisory_lock_shared(\(Self.key)); PERFORM pg_advisory_unlock_shared(\(Self.key)); RETURN NEW; END $$;
            CREATE TRIGGER onboard_test_gate BEFORE INSERT OR UPDATE ON onboard_resources
                FOR EACH ROW WHEN (NEW.kind = '\(kind)') EXECUTE FUNCTION onboard_test_gate();
            """)
    }

    /// Returns once a write waits at the gate; throws if none does within `seconds`.
    public func waitUntilHeld(seconds: Double = 120) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await server.count(database, Self.locks(granted: false)) > 0 { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw PostgresServerError(description: "no write reached the gate within \(seconds) s")
    }

    /// Lets the waiting write go on and removes the trigger (the server must be running).
    public func open() async throws {
        kill(holder.processIdentifier, SIGKILL)  // a child of the test process inherits its blocked SIGTERM
        while holder.isRunning { try await Task.sleep(nanoseconds: 5_000_000) }
        _ = try await server.psql(
            database, "DROP TRIGGER onboard_test_gate ON onboard_resources; DROP FUNCTION onboard_test_gate()")
    }

    static func locks(granted: Bool) -> String {
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = \(key) AND \(granted ? "" : "NOT ")granted"
    }
}
