import ArgumentParser

/// `onboard ca`: the hospital's partner CA, for the admin path outside plan/apply.
struct CACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Manage the partner CA: create it, inspect it, issue, revoke and publish the CRL.",
        subcommands: [
            CAInitCommand.self, CAShowCommand.self, CAIssueCommand.self, CARevokeCommand.self,
            CAReleaseCommand.self, CACRLCommand.self,
        ]
    )
}
