import ArgumentParser

/// The `onboard` command line: declarative onboarding of external partners onto the hospital's health platform.
public struct OnboardCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "onboard",
        abstract: "Onboard external partners onto the hospital's health platform, as code.",
        version: BuildCommit.description,
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, HistoryCommand.self,
            CheckCommand.self,
            ImportCommand.self, GrantCommand.self, CACommand.self, StateCommand.self,
        ]
    )

    public init() {}
}
