import Foundation
import OnboardSystem

/// A throwaway PostgreSQL server (Debian's `postgresql`) for the tests: `initdb` into a temporary directory and
/// `pg_ctl start` on 127.0.0.1 and a free port, run as the `postgres` user when the tests run as root (PostgreSQL
/// refuses root), trust authentication on loopback only; stopped and removed when the value goes away. Every tool is
/// awaited (never waited for on a thread), so async tests running it cannot starve the cooperative pool.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let binaries: String
    private var running = false

    /// Starts a server; throws when PostgreSQL is not installed (scripts/setup-test-tools installs it).
    public init() async throws {
        let candidates = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = candidates.sorted().last else {
            throw PostgresServerError(description: "PostgreSQL is not installed: run scripts/setup-test-tools")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        port = FreePort.find()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("socket"), withIntermediateDirectories: true)
        if Self.asRoot {
            try check(await ChildProcess.run(["chown", "-R", "postgres:postgres", directory.path]), "chown")
        }
        try check(await tool("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]), "initdb")
        try await start()
    }

    deinit {
        if running {
            // pg_ctl stop from a deinit: fire and forget, then remove the files once it is down.
            let (directory, command) = (self.directory, stopCommand)
            Task {
                _ = try? await ChildProcess.run(command); try? FileManager.default.removeItem(at: directory)
            }
        } else {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static var asRoot: Bool { getuid() == 0 }
    var data: String { directory.appendingPathComponent("data").path }

    /// Starts (or restarts) the server on the same port and data.
    public func start() async throws {
        // The server must not inherit a pipe its starter's output is read from: its output goes to files.
        let command =
            "exec \(binaries)/pg_ctl -D \(data) -l \(directory.appendingPathComponent("log").path) -w "
            + "-o '-p \(port) -k \(directory.appendingPathComponent("socket").path) -c listen_addresses=127.0.0.1 -c fsync=off' "
            + "start > \(directory.appendingPathComponent("pg_ctl.out").path) 2>&1 < /dev/null"
        let outcome = try await ChildProcess.run(asPostgres(["sh", "-c", command]))
        guard outcome.succeeded else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("pg_ctl.out"), encoding: .utf8)) ?? ""
            throw PostgresServerError(description: "pg_ctl start failed: \(log)")
        }
        running = true
        try watchTestProcess()
    }

    /// A server shared by a whole suite outlives every test value, so a watcher stops it (and removes its files) as soon
    /// as the test process has gone, however it ended.
    private func watchTestProcess() throws {
        let stop = stopCommand.map { "'\($0)'" }.joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop); rm -rf '\(directory.path)'"
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: "/bin/sh")
        watcher.arguments = ["-c", script]
        watcher.standardInput = FileHandle.nullDevice
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
    }

    /// Stops the server at once (as a crash or an outage would).
    public func stop() async {
        guard running else { return }
        _ = try? await ChildProcess.run(stopCommand)
        running = false
    }

    private var stopCommand: [String] {
        asPostgres([binaries + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
    }

    /// Creates a database and returns its connection URL (TLS off: loopback only).
    public func createDatabase(
        _ name: String = "onboard_\(UUID().uuidString.prefix(8).lowercased())"
    ) async throws -> String {
        _ = try await psql("postgres", "CREATE DATABASE \(name)")
        return url(name)
    }

    public func url(_ database: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs SQL with psql and returns what it printed (unaligned, tuples only).
    public func psql(_ database: String, _ sql: String) async throws -> String {
        let outcome = try await tool(
            "psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-c", sql])
        try check(outcome, "psql")
        return outcome.output
    }

    /// psql's command line for `database` (for a test that runs its own session).
    public func psqlCommand(_ database: String) -> [String] {
        [binaries + "/psql", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-At"]
    }

    /// Another runner, as psql: holds advisory lock `key` and `deployment`'s lock-holder row (`holder`, its JSON) in an
    /// idle session — as an apply between two statements — until the returned process is killed.
    public func holdAdvisoryLock(
        _ database: String, key: Int64, deployment: String, holder: String
    ) async throws -> Process {
        _ = try await psql(database, "DELETE FROM onboard_lock_holders")  // so the row counted below is this holder's
        return try await idleSession(
            database,
            """
            SELECT pg_advisory_lock(\(key));
            INSERT INTO onboard_lock_holders VALUES ('\(deployment)', '\(holder.replacingOccurrences(of: "'", with: "''"))')
                ON CONFLICT (deployment) DO UPDATE SET holder = excluded.holder;
            """, until: "SELECT count(*) FROM onboard_lock_holders", is: 1)
    }

    /// A psql session that runs `sql`, then stays connected and idle until the returned process is killed; returns
    /// once `query` counts `expected` (or after 4 s).
    func idleSession(_ database: String, _ sql: String, until query: String, is expected: Int) async throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = psqlCommand(database)
        let input = Pipe()
        process.standardInput = input  // kept open by the process object: psql stays connected and idle
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((sql + "\n").utf8))
        for _ in 0..<200 {
            if (try? await count(database, query)) == expected { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return process
    }

    /// The number a counting query prints.
    public func count(_ database: String, _ query: String) async throws -> Int {
        Int(try await psql(database, query).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    private func tool(_ name: String, _ arguments: [String]) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(asPostgres([binaries + "/" + name] + arguments))
    }

    private func asPostgres(_ command: [String]) -> [String] {
        Self.asRoot ? ["runuser", "-u", "postgres", "--"] + command : command
    }

    private func check(_ outcome: ChildProcess.Outcome, _ what: String) throws {
        guard outcome.succeeded else {
            throw PostgresServerError(description: "\(what) failed: \(outcome.output)\(outcome.errorOutput)")
        }
    }
}

public struct PostgresServerError: Error, CustomStringConvertible {
    public let description: String
}
