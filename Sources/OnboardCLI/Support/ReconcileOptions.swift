import ArgumentParser
import OnboardPlatform

/// The options `plan` and `apply` share, spelled and explained once.
struct ReconcileOptions: ParsableArguments {
    @Flag(help: "Plan the removal of what onboard applied for partners whose files were deleted.")
    var allowRemoval = false

    @Option(
        help:
            "Read the platform to detect drift (true, the default) or trust the recorded state (false). Not with a saved plan, which was refreshed when it was made."
    )
    var refresh: Bool?

    @Option(
        help:
            "Stop sending requests to the live servers after this long (e.g. 10m, 1h); what was applied by then is recorded. Each server also has its own deadlineSeconds in onboard.yaml."
    )
    var deadline: WaitDuration?

    @Flag(help: "Also print where the time went: each phase, and the requests each live server answered.")
    var verbose = false

    /// The run's shared network budget.
    var network: NetworkRun {
        NetworkRun(
            deadline: deadline.map { .milliseconds(Int64($0.seconds * 1000)) },
            setting: "--deadline \(deadline?.text ?? "")")
    }

    /// Whether to read the platform: the default is to refresh.
    var refreshes: Bool { refresh ?? true }
}
