import ArgumentParser

/// `onboard state`: the state backend, for the admin path outside plan/apply.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Move onboard's state between backends; make and rotate the state key.",
        subcommands: [StateMigrateCommand.self, StateKeygenCommand.self, StateResealCommand.self]
    )
}
