import ArgumentParser
import Foundation
import OnboardCore
import OnboardSpec
import OnboardSystem

/// `onboard grant add`: a new entry in `spec.grants` of the partner file, from now (or `--from`) for `--days`.
struct GrantAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Write a time-bound grant into a partner file (spec.grants), for a pull request.",
        discussion: """
            The grant lets the partner read and search the named resource types of one patient between its from and \
            until, checked by the gateway's own clock. It is checked against the partner's template (grants ceiling) \
            before anything is written; a refused grant is reported at the line it would have, and the file is left \
            as it was.
            """
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The partner (its id).")
    var partner: String

    @Option(help: "The patient, as Patient/<id> on the hospital's FHIR server.")
    var patient: String

    @Option(help: "The resource types, comma-separated (ImagingStudy,DiagnosticReport).")
    var resources: String

    @Option(help: "How many days the grant lasts, from --from.")
    var days: Int

    @Option(help: "The referral that asked for it (ServiceRequest/<id>).")
    var basis: String?

    @Option(help: "The v3-ActReason purpose of use.")
    var purpose = "TREAT"

    @Option(help: "r (read by id), s (search) or rs; the template's grant letters when omitted.")
    var interactions: String?

    @Option(help: "When it begins (YYYY-MM-DDThh:mm:ssZ); now when omitted.")
    var from: String?

    @Option(help: "The grant's id; grant-<date>-<n> when omitted.")
    var id: String?

    func run() async throws {
        try await FailureReporting.run(root: repository.root) {
            guard (1...GrantCeiling.longestDays).contains(days) else {
                throw OnboardError.command(
                    "--days must be 1 to \(GrantCeiling.longestDays) (the template's maxDays decides)", code: .usage)
            }
            let edit = try GrantFileEdit(root: repository.root, partner: partner)
            let start: Date
            if let from {
                guard let parsed = UTCInstant.parse(from) else {
                    throw OnboardError.command("--from must be YYYY-MM-DDThh:mm:ssZ (UTC)", code: .usage)
                }
                start = parsed
            } else {
                start = Date(timeIntervalSince1970: SystemClock().now().timeIntervalSince1970.rounded(.down))
            }
            let template = edit.network.templates[edit.current.spec.template.value]
            let letters = interactions ?? template?.grants?.interactions.value.description ?? "rs"
            let grantID = id ?? Self.nextID(start, taken: Set(edit.current.spec.grants.map(\.id.value)))
            let entry = GrantFileEditor.entry(
                id: grantID, patient: patient,
                resources: resources.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                interactions: letters, purpose: purpose, basis: basis, from: start,
                until: start.addingTimeInterval(Double(days) * 86_400))
            let edited: String
            do {
                edited = try GrantFileEditor.adding(entry, to: try edit.text())
            } catch {
                throw OnboardError.command("cannot add the grant to \(edit.file): \(error)", code: .usage)
            }
            try edit.write(edited)
            Console.out(
                "added grant \(grantID) to \(edit.file): \(patient), \(resources) (\(letters)) from "
                    + "\(UTCInstant.text(start)) for \(days) day\(days == 1 ? "" : "s"). Open a pull request; "
                    + "`onboard plan` shows it.")
        }
    }

    /// `grant-<yyyymmdd>-<n>`, the first n not taken.
    static func nextID(_ start: Date, taken: Set<String>) -> String {
        let day = UTCInstant.text(start).prefix(10).replacingOccurrences(of: "-", with: "")
        var number = 1
        while taken.contains("grant-\(day)-\(number)") { number += 1 }
        return "grant-\(day)-\(number)"
    }
}
