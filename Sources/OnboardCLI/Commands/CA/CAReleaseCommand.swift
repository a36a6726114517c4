import ArgumentParser
import OnboardCore

/// `onboard ca release`: lifts a certificateHold and publishes a new CRL.
struct CAReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Lift a certificateHold (end of a suspension) and publish a new CRL."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var selection: CertificateSelection

    func run() throws {
        try FailureReporting.run {
            let administration = try RepositoryContext.load(repository).administration
            let (records, crl) = try selection.partner.map { try administration.release(partnerID: $0) }
                ?? { let (record, crl) = try administration.release(serial: selection.serial!); return ([record], crl) }()
            for record in records { Console.out("released \(record.serial) (\(record.partnerID))") }
            Console.out(CAReport.crl(crl))
        }
    }
}
