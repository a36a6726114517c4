import ArgumentParser
import OnboardCore

/// `onboard ca issue --partner ID`: issues now, outside plan/apply, and writes the partner's kit.
struct CAIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a partner's certificate from its CSR (or a generated key) into out/kits/<id>/."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The partner id.")
    var partner: String

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            let declared = try context.partner(partner)
            let issued = try await context.administration.issue(for: declared, in: DeploymentInput(context.deployment))
            let kit = context.output.root.appendingPathComponent("kits/\(partner)").path
            Console.out("issued certificate \(issued.record.serial) for \(partner)")
            Console.out("  subject      \(issued.record.subject)")
            Console.out("  valid until  \(CAReport.date(issued.record.notAfter))")
            Console.out("  fingerprint  \(issued.record.fingerprint)")
            var files = [ArtifactPaths.kitCertificate, ArtifactPaths.kitChain]
            if issued.generatedKey != nil {
                files += [
                    ArtifactPaths.kitPKCS12 + " (owner-only)", ArtifactPaths.kitPKCS12Passphrase + " (owner-only)",
                ]
            }
            Console.out("  kit          \(kit): \(files.joined(separator: ", "))")
        }
    }
}
