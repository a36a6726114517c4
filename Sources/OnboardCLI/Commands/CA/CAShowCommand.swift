import ArgumentParser
import OnboardCore
import OnboardPKI

/// `onboard ca show`: the CA, its CRL and every certificate issued, with renewal status.
struct CAShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the CA, the CRL and the certificate inventory (no passphrase needed)."
    )

    @OptionGroup var repository: RepositoryOptions

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            let ca = try context.certificateAuthority
            let renewBefore = Dictionary(
                context.result.network.partners.map { ($0.id, $0.spec.certificate.renewBeforeDays?.value) },
                uniquingKeysWith: { first, _ in first }
            )
            Console.out(CAReport.describe(try await ca.describe()))
            Console.out("")
            Console.out(
                CAReport.inventory(
                    try await ca.inventory(), renewBefore: { renewBefore[$0] ?? nil }, now: context.clock.now()))
            if let signer = ca as? SignerCertificateAuthority {
                Console.out("")
                Console.out(
                    CAReport.signerIssued(
                        try await signer.issuedBySigner(deployment: context.deployment.name.value),
                        signer: signer.location))
            }
        }
    }
}
