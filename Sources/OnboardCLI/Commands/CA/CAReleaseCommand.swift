import ArgumentParser
import OnboardCore

/// `onboard ca release`: lifts a certificateHold and publishes a new CRL.
struct CAReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Lift a certificateHold (end of a suspension) and publish a new CRL."
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var selection: CertificateSelection

    func run() async throws {
        try await FailureReporting.run {
            let administration = try RepositoryContext.load(repository).administration
            let (records, crl): ([CertificateRecord], CRLInfo)
            if let partner = selection.partner {
                (records, crl) = try await administration.release(partnerID: partner)
            } else {
                let (record, published) = try await administration.release(serial: selection.serial!)
                (records, crl) = ([record], published)
            }
            for record in records { Console.out("released \(record.serial) (\(record.partnerID))") }
            Console.out(CAReport.crl(crl))
        }
    }
}
