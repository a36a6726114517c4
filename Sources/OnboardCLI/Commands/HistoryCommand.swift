import ArgumentParser
import Foundation
import OnboardCore

/// `onboard history`: what happened to a partner (or to all of them), from the apply journal and the CA inventory.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show what changed for a partner, when, by whom, from which commit and why.",
        discussion: "Reads the state's apply journal and the CA inventory; changes nothing. JSON: docs/history-json.md."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Only this partner.")
    var partner: String?

    @Option(help: "Only what happened at or after this date (YYYY-MM-DD, UTC, or an ISO 8601 time).")
    var since: String?

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    func run() async throws {
        try await FailureReporting.run(json: format == .json) {
            let since = try self.since.map { text in
                guard let date = HistoryReport.date(text) else {
                    throw OnboardError.command(
                        "--since \(text) is not a date: use YYYY-MM-DD or an ISO 8601 time", code: .usage)
                }
                return date
            }
            let context = try RepositoryContext.load(repository)
            let journal = try await context.stateStore().journalRecords()
            let certificates = (try? await context.certificateAuthority.inventory()) ?? []
            let entries = PartnerHistory.entries(
                journal: journal, certificates: certificates, partner: partner, since: since)
            Console.out(
                format == .json
                    ? HistoryReport.json(entries, partner: partner, since: since)
                    : HistoryReport.human(entries, partner: partner))
        }
    }
}
