import ArgumentParser
import OnboardCore
import OnboardSpec

/// `onboard grant end`: takes a grant out of the partner file. Once applied its Consent is inactive (withdrawn,
/// kept as the record), its scopes leave the partner's client and the gateway forgets it.
struct GrantEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "Take a grant out of a partner file (withdrawn once applied), for a pull request."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The partner (its id).")
    var partner: String

    @Option(help: "The grant's id.")
    var grant: String

    func run() async throws {
        try await FailureReporting.run(root: repository.root) {
            let edit = try GrantFileEdit(root: repository.root, partner: partner)
            let edited: String?
            do {
                edited = try GrantFileEditor.removing(grant, from: try edit.text())
            } catch {
                throw OnboardError.command("cannot end the grant in \(edit.file): \(error)", code: .usage)
            }
            guard let edited, edit.current.spec.grants.contains(where: { $0.id.value == grant }) else {
                let known = edit.current.spec.grants.map(\.id.value)
                throw OnboardError.command(
                    "\(edit.file) has no grant \(grant)"
                        + (known.isEmpty ? "" : "; it has \(known.joined(separator: ", "))"), code: .usage)
            }
            try edit.write(edited)
            Console.out(
                "took grant \(grant) out of \(edit.file). Open a pull request; once applied its Consent is inactive, "
                    + "its scopes leave the client and the gateway refuses it.")
        }
    }
}
