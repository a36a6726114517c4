import ArgumentParser

/// `--root`, shared by every command that reads the repository.
struct RepositoryOptions: ParsableArguments {
    @Option(help: "The repository (where onboard.yaml is).")
    var root: String = "."
}
