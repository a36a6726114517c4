import ArgumentParser
import OnboardCore

/// `onboard ca revoke`: revokes now and publishes a new CRL.
struct CARevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a partner's certificates (or one serial) and publish a new CRL.",
        discussion: "Reasons (RFC 5280): \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", ")). "
            + "certificateHold is reversible with `onboard ca release`."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var selection: CertificateSelection

    @Option(help: "The RFC 5280 reason.")
    var reason: RevocationReason

    func run() async throws {
        try await FailureReporting.run {
            let administration = try RepositoryContext.load(repository).administration
            let (records, crl): ([CertificateRecord], CRLInfo)
            if let partner = selection.partner {
                (records, crl) = try await administration.revoke(partnerID: partner, reason: reason)
            } else {
                let (record, published) = try await administration.revoke(serial: selection.serial!, reason: reason)
                (records, crl) = ([record], published)
            }
            for record in records { Console.out("revoked \(record.serial) (\(record.partnerID)): \(reason.rawValue)") }
            Console.out(CAReport.crl(crl))
        }
    }
}
