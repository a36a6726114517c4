import ArgumentParser
import Foundation
import OnboardCore

/// `onboard apply [FILE]`: makes the platform match the files, in dependency order, recording every step.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a saved plan, or plan and apply (asking first on a terminal).",
        discussion: "A saved plan is refused when the state or the partner files changed since it was made. "
            + "Creates the partner CA on first use (needs the CA passphrase variable)."
    )

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A plan saved by `onboard plan --out FILE`.")
    var planFile: String?

    @Flag(help: "Apply without asking.")
    var autoApprove = false

    @OptionGroup var reconcile: ReconcileOptions

    @Option(help: "Wait this long for another run's state lock (e.g. 30s, 10m, 1h) instead of failing at once.")
    var lockTimeout: WaitDuration?

    func run() async throws {
        try await FailureReporting.run(root: repository.root) {
            if planFile != nil, reconcile.refresh != nil {
                throw OnboardError.command(
                    "--refresh does not apply to a saved plan: it was refreshed when it was made; run plan again to refresh",
                    code: .usage)
            }
            var context = try RepositoryContext.load(repository)
            context.network = reconcile.network
            let reconciler = try context.reconciler()
            let saved = try planFile.map { try PlanFile.read(URL(fileURLWithPath: $0)) }
            let interactive = isatty(STDIN_FILENO) != 0
            if saved == nil && !autoApprove && !interactive {
                throw OnboardError.command(
                    "apply needs --auto-approve (or a saved plan file) when not run from a terminal", code: .usage)
            }
            if context.deployment.ca.backend != .openbao, case let ca = try context.fileCertificateAuthority,
                try await !ca.exists()
            {
                _ = try await ca.initialize(
                    organization: context.deployment.hospital.name.value, deployment: context.deployment.name.value
                )
                Console.out("created the partner CA in \(ca.location)")
            }
            let style = TerminalStyle.detect()
            let renderer = PlanRenderer(style: style)
            let started = ContinuousClock.now
            let (plan, summary) = try await SilenceReporter.whileRunning(
                context.network, environment: context.environment
            ) {
                try await reconciler.apply(
                    saved: saved, refresh: reconcile.refreshes, allowRemoval: reconcile.allowRemoval,
                    holder: await Operator.holder("apply", context: context),
                    gitCommit: await Operator.gitCommit(context),
                    lockTimeout: lockTimeout?.seconds ?? 0,
                    approve: { plan in
                        guard saved == nil, !autoApprove else { return true }
                        Console.out(renderer.render(plan))
                        return Console.ask("\nApply these changes? Only 'yes' is accepted: ")?
                            .trimmingCharacters(in: .whitespaces) == "yes"
                    },
                    observer: { event in Console.out(ApplyProgress.line(event, style: style)) }
                )
            }
            guard plan.hasChanges else {
                Console.out("No changes. The platform matches the partner files.")
                return
            }
            guard let summary else {
                Console.out("Apply cancelled; nothing was changed.")
                return
            }
            Console.out(
                "\nApply complete: \(ChangeReasonText.describe(summary.counts)). Journal entry \(summary.journalID).")
            if reconcile.verbose {
                Console.out(
                    RunTimings(
                        [("plan and apply", (ContinuousClock.now - started).inSeconds)], network: context.network
                    ).description)
            }
        }
    }
}
