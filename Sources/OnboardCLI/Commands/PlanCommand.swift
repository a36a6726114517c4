import ArgumentParser
import Foundation
import OnboardCore

/// `onboard plan`: what apply would change on the platform, per resource, and why.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, update, replace or delete, and why.",
        discussion: "Exit status: 0 success (or no changes), 1 error, 2 changes present with --detailed-exitcode."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var reconcile: ReconcileOptions

    @Option(help: "Write the plan to FILE, for `onboard apply FILE`.")
    var out: String?

    @Flag(help: "Exit 2 when there are changes.")
    var detailedExitcode = false

    @Flag(help: "Print the plan as JSON (docs/plan-json.md); the same as --format json.")
    var json = false

    @Option(help: "Output format: human, markdown or json.")
    var format: PlanOutputFormat = .human

    func run() async throws {
        let format = json ? .json : format
        var changes = false
        try await FailureReporting.run(json: format == .json, root: repository.root) {
            let started = ContinuousClock.now
            var context = try RepositoryContext.load(repository, partners: false)
            context.network = reconcile.network
            // State and the platform are read while the partner files are loaded and checked: neither needs them. A
            // target that cannot be set up is reported after the files' own problems, as without the early start.
            let ports = try? context.ports()
            let early = ports.map {
                EarlyRefresh.start(ports: $0, deployment: context.deployment.name.value, refresh: reconcile.refreshes)
            }
            defer { early?.cancel() }
            context = try context.loadingPartners()
            let load = (ContinuousClock.now - started).inSeconds
            let reconciler = try context.reconciler(ports: ports)
            let outcome = try await SilenceReporter.whileRunning(context.network, environment: context.environment) {
                try await reconciler.plan(
                    refresh: reconcile.refreshes, allowRemoval: reconcile.allowRemoval, early: early)
            }
            let plan = outcome.plan
            switch format {
            case .human: Console.out(PlanRenderer(style: TerminalStyle.detect()).render(plan))
            case .markdown: Console.out(PlanMarkdown.render(plan))
            case .json:
                Console.out(
                    PlanJSON.render(
                        plan, timings: RunTimings([("load", load)] + outcome.phases, network: context.network)))
            }
            if format == .human, reconcile.verbose {
                Console.out("\n" + RunTimings([("load", load)] + outcome.phases, network: context.network).description)
            }
            if format == .human, let requests = outcome.refreshRequests, requests > 0 {
                Console.out("\nRead the live platform with \(requests) HTTP requests.")
            }
            if let out {
                try PlanFile.write(plan, to: URL(fileURLWithPath: out))
                if format == .human { Console.out("\nSaved the plan to \(out); apply it with `onboard apply \(out)`.") }
            }
            changes = plan.hasChanges
        }
        if detailedExitcode && changes { throw ExitCode(2) }
    }
}
