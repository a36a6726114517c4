import ArgumentParser
import Foundation
import OnboardCore

/// `onboard check`: for cron and monitoring — is the platform as the files say, with nothing about to lapse?
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exit 0 when the platform matches the files and nothing is due; otherwise one line per problem.",
        discussion:
            "Problems: drift, pending changes, certificates in their renewal window, a CRL within 2 days of its "
            + "nextUpdate, an unfinished apply, audit records not yet written, access grants ending within a day, "
            + "ended grants still in a partner file. Exit status: 0 fine, 1 the check could "
            + "not run, 2 problems found. Reads the live platform; changes nothing. JSON: docs/check-json.md."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    func run() async throws {
        var found = false
        try await FailureReporting.run(json: format == .json, root: repository.root) {
            let context = try RepositoryContext.load(repository)
            let reconciler = try context.reconciler()
            let plan = try await SilenceReporter.whileRunning(context.network, environment: context.environment) {
                try await reconciler.plan(refresh: true, allowRemoval: false).plan
            }
            let journal = try await context.stateStore().journalRecords()
            let problems = PlatformCheck.problems(
                plan: plan, journal: journal, partners: context.input.partners, now: context.clock.now())
            Console.out(
                format == .json
                    ? CheckReport.json(problems, deployment: plan.deployment, at: context.clock.now())
                    : CheckReport.human(problems))
            found = !problems.isEmpty
        }
        if found { throw ExitCode(2) }
    }
}
