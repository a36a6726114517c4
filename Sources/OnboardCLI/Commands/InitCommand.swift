import ArgumentParser
import Foundation
import OnboardCore
import OnboardSpec
import OnboardSystem

/// `onboard init`: starts a hospital's own network repository (`NetworkScaffold`) in a new or empty directory, ready
/// for `onboard validate` and an apply on the embedded platform, with CI pipelines that fetch this release.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a new partner network repository: onboard.yaml, Templates/, Partners/, CI pipelines.",
        discussion: """
            Writes onboard.yaml (the embedded platform; the live settings commented), the four kinds of partner in \
            Templates/ with their ceilings explained, Partners/ with a commented sample, .gitignore, \
            .github/workflows/onboard.yml and .gitlab-ci.yml (which fetch this onboard release and check its \
            checksum), and a README for the team. Refuses a directory that is not empty.
            """
    )

    @Argument(help: "The directory to create the network in (new or empty).")
    var directory = "."

    @Option(help: "The hospital's name, as partners will see it.")
    var hospitalName: String

    @Option(help: "The deployment's id ([a-z0-9-]{3,63}): scopes everything onboard owns; never changed later.")
    var deployment: String

    @Option(help: "The FHIR R4 server's base URL (placeholder when omitted).")
    var fhirUrl: String?

    @Option(help: "The OAuth 2.0 token endpoint (placeholder when omitted).")
    var tokenUrl: String?

    @Option(help: "The partner gateway's URL (placeholder when omitted).")
    var gatewayUrl: String?

    @Option(help: "Where your organisation keeps onboard's release tarballs, for the pipelines.")
    var releaseUrl: String?

    @Option(help: "The SHA-256 of this release's tarball (its .sha256 file), for the pipelines.")
    var releaseSha256: String?

    func run() async throws {
        try await FailureReporting.run {
            let settings = NetworkScaffold.Settings(
                hospitalName: hospitalName, deployment: deployment, fhirURL: fhirUrl, tokenURL: tokenUrl,
                gatewayURL: gatewayUrl, version: BuildCommit.version, releaseURL: releaseUrl,
                releaseSHA256: releaseSha256?.lowercased())
            if let problem = settings.problem { throw OnboardError.command(problem, code: .usage) }
            let root = URL(fileURLWithPath: directory).standardizedFileURL
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            guard existing.isEmpty else {
                throw OnboardError.command(
                    "\(directory) is not empty (\(existing.count) entr\(existing.count == 1 ? "y" : "ies")): onboard "
                        + "init starts a network in a new or empty directory and changes nothing here", code: .usage)
            }
            let files = NetworkScaffold.files(settings)
            do {
                for file in files {
                    let url = root.appendingPathComponent(file.path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try AtomicFile.write(url.path, Array(file.text.utf8), mode: 0o644)
                }
            } catch {
                throw OnboardError(.storage, "cannot write the network into \(directory): \(error)")
            }
            Console.out(
                """
                Started the partner network of \(hospitalName) (deployment \(deployment)) in \(directory): \
                \(files.count) files.
                Next: cd \(directory); export ONBOARD_CA_PASSPHRASE=…; onboard validate; onboard apply --auto-approve.
                Add partners as Partners/<id>.yaml (see Partners/example-laboratory.yaml.sample); the README says how \
                CI plans and applies.
                """)
        }
    }
}
