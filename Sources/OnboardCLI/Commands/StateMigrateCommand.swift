import ArgumentParser
import Foundation
import OnboardCore
import OnboardPKI
import OnboardPostgres
import OnboardState

/// `onboard state migrate --from sqlite:PATH [--ca-from DIR]`: moves SQLite state (same lineage and serial, with its
/// journal) and a file CA into the PostgreSQL backend onboard.yaml configures.
struct StateMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move SQLite state (and a file CA) into the configured PostgreSQL backend.",
        discussion: "Refused when the database already holds state or a CA for the deployment."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The state to move, as sqlite:PATH (relative to the repository).")
    var from: String

    @Option(help: "A CA directory to move into the database too (relative to the repository).")
    var caFrom: String?

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            guard from.hasPrefix("sqlite:") else {
                throw OnboardError.command("--from takes sqlite:PATH", code: .usage)
            }
            guard let target = try context.stateStore() as? PostgresStateStore else {
                throw OnboardError.command(
                    "onboard.yaml's state backend is not postgres: set spec.state.backend to migrate into it",
                    code: .usage)
            }
            let path = context.path(String(from.dropFirst("sqlite:".count)))
            guard FileManager.default.fileExists(atPath: path) else {
                throw OnboardError.command("no SQLite state at \(path)", code: .usage)
            }
            let source = try SQLiteStateStore(path: path)
            // The source stays locked while it is copied, so no apply changes it half way.
            let lock = try await source.lock(await Operator.holder("state migrate", context: context))
            do {
                try await migrate(source, into: target, context)
                await lock.release()
            } catch {
                await lock.release()
                throw error
            }
        }
    }

    private func migrate(
        _ source: SQLiteStateStore, into target: PostgresStateStore, _ context: RepositoryContext
    ) async throws {
        if caFrom != nil, context.deployment.ca.backend != .database {
            throw OnboardError.command(
                "spec.ca.backend is files: the CA stays in its directory; drop --ca-from", code: .usage)
        }
        let snapshot = try await source.snapshot()
        let journal = try await source.journalRecords()
        try await target.adopt(snapshot, journal: journal)
        if let caFrom {
            try await FileCertificateAuthority.copy(
                from: DirectoryCAFiles(directory: URL(fileURLWithPath: context.path(caFrom))),
                to: try context.fileCertificateAuthority.files
            )
        }
        Console.out(
            "moved state lineage \(snapshot.lineage) (serial \(snapshot.serial), \(snapshot.resources.count) resources, "
                + "\(journal.count) journal entries) into \(target.server)"
        )
        if caFrom != nil { Console.out("moved the partner CA into \(try context.fileCertificateAuthority.location)") }
    }
}
