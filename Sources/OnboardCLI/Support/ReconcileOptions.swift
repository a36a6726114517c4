import ArgumentParser

/// The options `plan` and `apply` share, spelled and explained once.
struct ReconcileOptions: ParsableArguments {
    @Flag(help: "Plan the removal of what onboard applied for partners whose files were deleted.")
    var allowRemoval = false

    @Option(help: "Read the platform to detect drift (true, the default) or trust the recorded state (false). Not with a saved plan, which was refreshed when it was made.")
    var refresh: Bool?

    /// Whether to read the platform: the default is to refresh.
    var refreshes: Bool { refresh ?? true }
}
