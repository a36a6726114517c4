import Foundation
import OnboardPostgres
import OnboardTestSupport
import Testing

/// Teams and CI: two runners with nothing in common but the repository's files and one PostgreSQL database (state,
/// lock and CA), each a fresh copy with no `.onboard/`, run `onboard` as processes.
@Suite struct SharedStateTests {
    /// A fresh copy of the example whose deployment keeps state and CA in PostgreSQL.
    func runner() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "    backend: sqlite\n    path: .onboard/state.sqlite\n",
                with: "    backend: postgres\n    urlEnv: ONBOARD_STATE_URL\n"
            )
        }
        return workspace
    }

    @Test func twoRunnersShareStateLockAndCA() async throws {
        let server = try await PostgresServer()
        let url = try await server.createDatabase("shared")
        let environment = ["ONBOARD_CA_PASSPHRASE": "shared-ca-passphrase", "ONBOARD_STATE_URL": url]
        let (first, second) = (try runner(), try runner())
        func onboard(_ runner: Workspace, _ arguments: [String]) async throws -> OnboardBinary.Run {
            try await OnboardBinary.run(arguments, in: runner.root, environment: environment)
        }

        let applied = try await onboard(first, ["apply", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.output)")
        #expect(
            applied.output.contains("created the partner CA in the database 127.0.0.1:\(server.port)/shared"),
            "\(applied.output)")
        let local =
            (try? FileManager.default.contentsOfDirectory(atPath: first.root.appendingPathComponent(".onboard").path))
            ?? []
        #expect(local == ["cache"], "no state and no CA on the runner's disk, only the partner cache: \(local)")

        // The embedded platform is each runner's own out/; state and CA are shared, so trust state (no refresh).
        let quiet = try await onboard(second, ["plan", "--refresh", "false", "--detailed-exitcode"])
        #expect(quiet.status == 0, "runner 2 sees runner 1's apply: \(quiet.output)")

        // The same commit on both: a scope removed, applied by runner 2, is no change for runner 1.
        for runner in [first, second] {
            try runner.edit("Partners/northside-lab.yaml") {
                $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
            }
        }
        let change = try await onboard(second, ["apply", "--auto-approve", "--refresh", "false"])
        #expect(change.status == 0, "\(change.output)")
        #expect(change.output.contains("partner/northside-lab/client"))
        let unchanged = try await onboard(first, ["plan", "--refresh", "false", "--detailed-exitcode"])
        #expect(unchanged.status == 0, "\(unchanged.output)")

        // One CA: the same chain and inventory on both runners; a new certificate continues the serials.
        let (showFirst, showSecond) = (
            try await onboard(first, ["ca", "show"]), try await onboard(second, ["ca", "show"])
        )
        #expect(
            showFirst.status == 0 && showFirst.output == showSecond.output,
            "\(showFirst.output)\n---\n\(showSecond.output)")
        func inventory() async throws -> [String] {
            try await Self.certificates(server, "shared").compactMap { $0["serial"] as? String }
        }
        let before = try await inventory()
        #expect(!before.isEmpty)
        let issued = try await onboard(second, ["ca", "issue", "--partner", "okafor-cardiology"])
        #expect(issued.status == 0, "\(issued.output)")
        let after = try await inventory()
        #expect(
            after.count == before.count + 1 && Array(after.prefix(before.count)) == before, "one inventory, continued")

        // The lock: while another runner holds it, an apply fails at once naming the holder; when that holder is
        // killed, the next apply proceeds at once.
        let holder = try await holdStateLock(server, database: "shared")
        let started = Date()
        try first.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "validityDays: 365", with: "validityDays: 300")
        }
        let refused = try await onboard(first, ["apply", "--auto-approve", "--refresh", "false"])
        #expect(refused.status == 1)
        #expect(
            refused.output.contains("the state is locked by alice@ci-runner-7 (pid 4242, apply since"),
            "\(refused.output)")
        #expect(refused.output.contains("[locked]"))
        #expect(Date().timeIntervalSince(started) < 5, "fails fast rather than waiting")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let proceeds = try await onboard(first, ["apply", "--auto-approve", "--refresh", "false"])
        #expect(proceeds.status == 0, "\(proceeds.output)")

        // With --lock-timeout an apply waits for the holder instead, and goes on once it has gone.
        let laterHolder = try await holdStateLock(server, database: "shared")
        let waitStarted = Date()
        async let waited = onboard(first, ["apply", "--auto-approve", "--refresh", "false", "--lock-timeout", "30s"])
        try await Task.sleep(nanoseconds: 1_500_000_000)
        kill(laterHolder.processIdentifier, SIGKILL)
        let result = try await waited
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("No changes"), "\(result.output)")
        #expect(Date().timeIntervalSince(waitStarted) >= 1.5, "it waited for the holder")
    }

    /// Forty more partners (keys generated by onboard, like okafor-cardiology's), so an apply lasts long enough on any
    /// machine for a test to interrupt it half way.
    static func addPartners(to workspace: Workspace) throws {
        let template = try String(
            contentsOf: workspace.root.appendingPathComponent("Partners/okafor-cardiology.yaml"), encoding: .utf8)
        let jwks = try String(
            contentsOf: workspace.root.appendingPathComponent("Partners/okafor-cardiology.jwks.json"), encoding: .utf8)
        for index in 1...40 {
            let id = "bulk-practice-\(index)"
            try workspace.write(
                "Partners/\(id).yaml",
                template.replacingOccurrences(of: "okafor-cardiology", with: id)
                    .replacingOccurrences(of: "Dr. Okafor Cardiology Practice", with: "Bulk Practice \(index)"))
            try workspace.write("Partners/\(id).jwks.json", jwks)
        }
    }

    /// The certificates of the CA inventory the database holds, as the CA wrote them.
    static func certificates(_ server: PostgresServer, _ database: String) async throws -> [[String: Any]] {
        let text = try await server.psql(database, "SELECT content FROM onboard_ca_files WHERE name = 'inventory.json'")
        let json = try JSONSerialization.jsonObject(
            with: Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))!)
        return (json as? [String: Any])?["certificates"] as? [[String: Any]] ?? []
    }

    /// Another runner, as psql: holds the deployment's advisory lock and its holder row in an idle session.
    func holdStateLock(_ server: PostgresServer, database: String) async throws -> Process {
        try await server.holdAdvisoryLock(
            database, key: PostgresStateStore.lockKey(deployment: "st-marys"), deployment: "st-marys",
            holder:
                #"{"user":"alice","host":"ci-runner-7","processID":4242,"operation":"apply","since":"2026-12-03T08:00:00Z"}"#
        )
    }

    @Test func sqliteStateAndFileCAMigrateWithTheirLineage() async throws {
        let server = try await PostgresServer()
        let url = try await server.createDatabase("migrated")
        let environment = ["ONBOARD_CA_PASSPHRASE": "migrating-ca-passphrase", "ONBOARD_STATE_URL": url]
        let workspace = try Workspace()
        func onboard(_ arguments: [String]) async throws -> OnboardBinary.Run {
            try await OnboardBinary.run(arguments, in: workspace.root, environment: environment)
        }
        #expect(try await onboard(["apply", "--auto-approve"]).status == 0)
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
        }
        #expect(try await onboard(["apply", "--auto-approve"]).status == 0, "a second apply: two journal entries")
        let before = try await onboard(["show"]).output.split(separator: "\n").first.map(String.init) ?? ""
        let chain = try await onboard(["ca", "show"]).output
        let history = try await onboard(["history", "--format", "json"]).output
        try workspace.edit("onboard.yaml") {
            $0.replacingOccurrences(
                of: "    backend: sqlite\n    path: .onboard/state.sqlite\n",
                with: "    backend: postgres\n    urlEnv: ONBOARD_STATE_URL\n"
            )
        }
        let moved = try await onboard([
            "state", "migrate", "--from", "sqlite:.onboard/state.sqlite", "--ca-from", ".onboard/ca",
        ])
        #expect(moved.status == 0, "\(moved.output)")
        #expect(moved.output.contains("2 journal entries"), "\(moved.output)")
        let journal = try await server.psql("migrated", "SELECT actor, outcome FROM onboard_journal ORDER BY id")
        #expect(
            journal.split(separator: "\n").count == 2 && journal.contains("|succeeded"),
            "the history moved too: \(journal)")
        let twice = try await onboard(["state", "migrate", "--from", "sqlite:.onboard/state.sqlite"])
        #expect(twice.status == 1)
        #expect(
            twice.output.contains("the database already holds the state of st-marys")
                && twice.output.contains("[conflict]"), "\(twice.output)")
        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent(".onboard"))
        let plan = try await onboard(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "no changes after the move: \(plan.output)")
        let shown = try await onboard(["show"]).output
        #expect(shown.contains("state: postgres 127.0.0.1:\(server.port)/migrated; CA: the database"), "\(shown)")
        let after = shown.split(separator: "\n").first.map(String.init) ?? ""
        #expect(before.hasPrefix("state lineage ") && before.prefix(50) == after.prefix(50), "\(before) / \(after)")
        #expect(try await onboard(["ca", "show"]).output == chain, "the same CA, now in the database")
        #expect(
            try await onboard(["history", "--format", "json"]).output == history, "every step of the journal moved")
        #expect(history.contains("\"scopes-changed\""))

        let again = try await onboard(["state", "migrate", "--from", "sqlite:.onboard/state.sqlite"])
        #expect(again.status == 1)
        #expect(again.output.contains("no SQLite state at"), "\(again.output)")
    }

    @Test func theDatabaseStoppingMidApplyIsOneLineAndTheNextApplyConverges() async throws {
        let server = try await PostgresServer()
        let url = try await server.createDatabase("outage")
        let environment = ["ONBOARD_CA_PASSPHRASE": "outage-ca-passphrase", "ONBOARD_STATE_URL": url]
        let workspace = try runner()
        try Self.addPartners(to: workspace)
        func onboard(_ arguments: [String]) async throws -> OnboardBinary.Run {
            try await OnboardBinary.run(arguments, in: workspace.root, environment: environment)
        }
        #expect(try await onboard(["ca", "init"]).status == 0)
        // Stop the server half way: every certificate recorded, the first client created but not yet recorded.
        let gate = try await PostgresWriteGate(server, "outage", beforeRecording: "client")
        async let interrupted = onboard(["apply", "--auto-approve"])
        try await gate.waitUntilHeld()
        await server.stop()
        let failed = try await interrupted
        #expect(failed.status == 1, "\(failed.output)")
        let error = failed.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(
            error.count == 1 && error[0].contains("PostgreSQL server 127.0.0.1:\(server.port)/outage"),
            "\(failed.output)")

        try await server.start()
        try await gate.open()
        let resumed = try await onboard(["apply", "--auto-approve"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try await onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        let serials = try await server.psql(
            "outage", "SELECT count(*) FROM onboard_resources WHERE kind = 'certificate'")
        let issued = try await Self.certificates(server, "outage").count
        #expect(
            "\(issued)" == serials.trimmingCharacters(in: .whitespacesAndNewlines),
            "one certificate per partner, none issued twice")
        let clients = try FileManager.default.contentsOfDirectory(
            atPath: workspace.root.appendingPathComponent("out/platform/clients").path)
        #expect(
            clients.count == Int(serials.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
            "one client per partner: \(clients)")
    }

    /// SIGKILL of the apply holding the lock: PostgreSQL ends its session and frees the advisory lock with it, so the
    /// next apply proceeds at once (its stale holder row notwithstanding) and converges without duplicates.
    @Test func aKilledLockHolderFreesTheLockAtOnce() async throws {
        let server = try await PostgresServer()
        let url = try await server.createDatabase("killed")
        let environment = ["ONBOARD_CA_PASSPHRASE": "killed-ca-passphrase", "ONBOARD_STATE_URL": url]
        let workspace = try runner()
        try Self.addPartners(to: workspace)
        func onboard(_ arguments: [String]) async throws -> OnboardBinary.Run {
            try await OnboardBinary.run(arguments, in: workspace.root, environment: environment)
        }
        #expect(try await onboard(["ca", "init"]).status == 0)
        // Kill the apply half way: every certificate recorded, the first client created but not yet recorded.
        let gate = try await PostgresWriteGate(server, "killed", beforeRecording: "client")
        let process = Process()
        process.executableURL = OnboardBinary.url
        process.arguments = ["apply", "--auto-approve"]
        process.currentDirectoryURL = workspace.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await gate.waitUntilHeld()
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(
            try await server.count("killed", "SELECT count(*) FROM onboard_lock_holders") == 1,
            "the killed apply's holder row is left behind")
        // The session of the killed apply was waiting at the gate: once it goes on, PostgreSQL finds its client gone
        // and ends it, and the state lock with it.
        try await gate.open()
        for _ in 0..<250
        where try await server.count("killed", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") > 0 {
            try await Task.sleep(nanoseconds: 20_000_000)
        }

        let started = Date()
        let resumed = try await onboard(["apply", "--auto-approve"])
        #expect(resumed.status == 0, "no lock left by the killed apply: \(resumed.output)")
        #expect(!resumed.output.contains("locked"))
        print(
            "figure: apply after a SIGKILLed lock holder (PostgreSQL): \(String(format: "%.2f", Date().timeIntervalSince(started))) s to finish"
        )
        #expect(try await onboard(["plan", "--detailed-exitcode"]).status == 0, "converged")
        let partners = try await Self.certificates(server, "killed").compactMap { $0["partnerID"] as? String }
        #expect(partners.count == Set(partners).count, "one certificate per partner: \(partners)")
        let clients = try FileManager.default.contentsOfDirectory(
            atPath: workspace.root.appendingPathComponent("out/platform/clients").path)
        #expect(
            clients.filter { $0.hasSuffix(".json") }.count == Set(partners).count, "one client per partner: \(clients)")
        let organizations = try FileManager.default.contentsOfDirectory(
            atPath: workspace.root.appendingPathComponent("out/platform/fhir/Organization").path
        )
        #expect(organizations.count == Set(partners).count, "one Organization per partner: \(organizations)")
    }

    @Test func noSecretInTheDatabase() async throws {
        let server = try await PostgresServer()
        let url = try await server.createDatabase("secrets")
        let passphrase = "database-ca-passphrase"
        let runner = try runner()
        let applied = try await OnboardBinary.run(
            ["apply", "--auto-approve"], in: runner.root,
            environment: ["ONBOARD_CA_PASSPHRASE": passphrase, "ONBOARD_STATE_URL": url]
        )
        #expect(applied.status == 0, "\(applied.output)")
        var dump = ""
        for table in [
            "onboard_state", "onboard_resources", "onboard_journal", "onboard_lock_holders", "onboard_ca_files",
        ] {
            dump += try await server.psql("secrets", "SELECT * FROM \(table)")
        }
        #expect(!dump.contains(passphrase))
        let keys = try await server.psql("secrets", "SELECT content FROM onboard_ca_files WHERE name LIKE '%.key.pem'")
        let decoded = keys.split(separator: "\n").compactMap { Data(base64Encoded: String($0)) }.map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(decoded.count == 2)
        for key in decoded {
            #expect(key.hasPrefix(["-----BEGIN", "ENCRYPTED", "PRIVATE", "KEY-----"].joined(separator: " ")))
            #expect(!key.contains(passphrase))
        }
    }
}
