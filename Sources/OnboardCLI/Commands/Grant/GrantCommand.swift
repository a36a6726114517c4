import ArgumentParser

/// `onboard grant`: writes an access grant into a partner file, or takes one out, keeping the rest of the file as it
/// was — so IT can open the pull request for a specialist's request in under a minute. Nothing changes on the
/// platform until the change is merged and applied.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Add or end a partner's time-bound access grant in its partner file.",
        subcommands: [GrantAddCommand.self, GrantEndCommand.self]
    )
}
