import ArgumentParser
import OnboardCore

/// `onboard ca init`: creates the root and issuing CA, keys encrypted with the passphrase from the environment.
struct CAInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the root and issuing CA (refuses to overwrite an existing one).",
        discussion: "The private keys are encrypted with the passphrase in the environment variable named by "
            + "spec.ca.passphraseEnv in onboard.yaml (default ONBOARD_CA_PASSPHRASE)."
    )

    @OptionGroup var repository: RepositoryOptions

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            let ca = try context.fileCertificateAuthority
            _ = try await ca.initialize(
                organization: context.deployment.hospital.name.value, deployment: context.deployment.name.value
            )
            _ = try await context.administration.publishCRL()
            Console.out("created the partner CA in \(ca.location)")
            Console.out(CAReport.describe(try await ca.describe()))
        }
    }
}
