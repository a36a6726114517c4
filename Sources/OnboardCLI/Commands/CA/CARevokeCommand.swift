import ArgumentParser
import OnboardCore

/// `onboard ca revoke`: revokes now and publishes a new CRL.
struct CARevokeCommand: ParsableCommand {
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

    func run() throws {
        try FailureReporting.run {
            let administration = try RepositoryContext.load(repository).administration
            let (records, crl) = try selection.partner.map { try administration.revoke(partnerID: $0, reason: reason) }
                ?? { let (record, crl) = try administration.revoke(serial: selection.serial!, reason: reason); return ([record], crl) }()
            for record in records { Console.out("revoked \(record.serial) (\(record.partnerID)): \(reason.rawValue)") }
            Console.out(CAReport.crl(crl))
        }
    }
}
