import Foundation
import OnboardCore
import OnboardState
import OnboardTestSupport

/// A state backend under the contract suite: how to open it (again), where its raw bytes are, and how to make another
/// process hold its lock and die. Adding a backend (PostgreSQL) means adding a case here; every contract test then
/// runs against it.
enum StateBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case memory

    var description: String { rawValue }

    /// A fresh, empty store of this backend; `reopen` opens the same storage again, as a later run would.
    func make() throws -> Storage {
        switch self {
        case .sqlite: try Storage.sqlite(TemporaryDirectory())
        case .memory: Storage.memory(InMemoryStateStore())
        }
    }

    enum Storage: @unchecked Sendable {
        case sqlite(TemporaryDirectory)
        case memory(InMemoryStateStore)

        var path: String? {
            if case .sqlite(let directory) = self { return directory.path("state.sqlite") }
            return nil
        }

        func reopen() throws -> any StateStore {
            switch self {
            case .sqlite: try SQLiteStateStore(path: path!)
            case .memory(let store): store
            }
        }

        /// Everything the backend keeps, as bytes (nil when it keeps nothing outside this process).
        func rawBytes() -> Data? {
            guard let path else { return nil }
            let files = [path, path + "-wal", path + ".lock"]
            return files.compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +)
        }

        /// Takes the lock in another process as `holder` and returns that process once it holds it; nil when the
        /// backend's lock cannot outlive this process (memory).
        func holdLockInAnotherProcess(_ holder: LockHolder) throws -> Process? {
            guard let path else { return nil }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // flock(2) on the lock file, as onboard takes it, then the holder written inside; then wait to be killed.
            process.arguments = ["python3", "-c", """
                import fcntl, os, sys, time
                fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                os.ftruncate(fd, 0)
                os.pwrite(fd, sys.argv[2].encode(), 0)
                print("held", flush=True)
                time.sleep(120)
                """, path + ".lock", String(decoding: try encoder.encode(holder), as: UTF8.self)]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            _ = output.fileHandleForReading.availableData // "held": the lock is taken
            return process
        }
    }
}
