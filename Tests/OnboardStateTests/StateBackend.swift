import Foundation
import OnboardCore
import OnboardPostgres
import OnboardState
import OnboardTestSupport

/// A state backend under the contract suite: how to open it (again), where its raw bytes are, and how to make another
/// process hold its lock and die. Adding a backend (PostgreSQL) means adding a case here; every contract test then
/// runs against it.
enum StateBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres
    case memory

    var description: String { rawValue }

    /// A fresh, empty store of this backend; `reopen` opens the same storage again, as a later run would.
    func make() async throws -> Storage {
        switch self {
        case .sqlite: return try Storage.sqlite(TemporaryDirectory())
        case .postgres:
            let server = try await SharedPostgres.instance.server()
            return Storage.postgres(url: try await server.createDatabase(), server: server)
        case .memory: return Storage.memory(InMemoryStateStore())
        }
    }

    /// One PostgreSQL server for the whole suite, a database per test, started by the first test that needs it.
    actor SharedPostgres {
        static let instance = SharedPostgres()
        private var starting: Task<PostgresServer, any Error>?

        func server() async throws -> PostgresServer {
            if let starting { return try await starting.value }
            let task = Task { try await PostgresServer() }
            starting = task
            return try await task.value
        }
    }

    enum Storage: @unchecked Sendable {
        case sqlite(TemporaryDirectory)
        case postgres(url: String, server: PostgresServer)
        case memory(InMemoryStateStore)

        var path: String? {
            if case .sqlite(let directory) = self { return directory.path("state.sqlite") }
            return nil
        }

        /// `upgrade`: how records of an earlier form are read (the memory store keeps no earlier form).
        func reopen(upgrade: RecordUpgrade? = nil) throws -> any StateStore {
            switch self {
            case .sqlite: try SQLiteStateStore(path: path!, upgrade: upgrade)
            case .postgres(let url, _):
                try PostgresStateStore(
                    url: url, urlVariable: "ONBOARD_STATE_URL", deployment: "st-marys", upgrade: upgrade)
            case .memory(let store): store
            }
        }

        /// Everything the backend keeps, as bytes (nil when it keeps nothing outside this process).
        func rawBytes() async -> Data? {
            if case .postgres(let url, let server) = self {
                var dump = ""
                for table in ["onboard_state", "onboard_resources", "onboard_journal", "onboard_lock_holders"] {
                    dump += (try? await server.psql(Self.database(url), "SELECT * FROM \(table)")) ?? ""
                }
                return Data(dump.utf8)
            }
            guard let path else { return nil }
            let files = [path, path + "-wal", path + ".lock"]
            return files.compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
        }

        /// Takes the lock in another process as `holder` and returns that process once it holds it; nil when the
        /// backend's lock cannot outlive this process (memory).
        func holdLockInAnotherProcess(_ holder: LockHolder) async throws -> Process? {
            if case .postgres(let url, let server) = self {
                return try await Self.holdAdvisoryLock(url, server, holder)
            }
            guard let path else { return nil }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // flock(2) on the lock file, as onboard takes it, then the holder written inside; then wait to be killed.
            process.arguments = [
                "python3", "-c",
                """
                import fcntl, os, sys, time
                fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                os.ftruncate(fd, 0)
                os.pwrite(fd, sys.argv[2].encode(), 0)
                print("held", flush=True)
                time.sleep(120)
                """, path + ".lock", holder.json,
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Held once the holder is written into the lock file.
            for _ in 0..<200 {
                if let text = FileManager.default.contents(atPath: path + ".lock"), !text.isEmpty { break }
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            return process
        }

        static func database(_ url: String) -> String {
            String(url.split(separator: "/").last!.split(separator: "?").first!)
        }

        private static func holdAdvisoryLock(
            _ url: String, _ server: PostgresServer, _ holder: LockHolder
        ) async throws -> Process {
            try await server.holdAdvisoryLock(
                database(url), key: PostgresStateStore.lockKey(deployment: "st-marys"), deployment: "st-marys",
                holder: holder.json
            )
        }
    }
}
