import ArgumentParser

/// `onboard ca crl`: signs and publishes a fresh CRL (run it well before the current one's nextUpdate).
struct CACRLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl", abstract: "Sign a fresh CRL and publish it with the CA chain to out/platform/pki/."
    )

    @OptionGroup var repository: RepositoryOptions

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            Console.out(CAReport.crl(try await context.administration.publishCRL()))
        }
    }
}
