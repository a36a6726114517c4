import ArgumentParser
import Foundation
import OnboardCore
import OnboardSpec

/// `onboard import --from-platform`: writes a partner file, with `spec.adopt` filled in, for every partner the live
/// platform holds that onboard does not manage yet — for IT to review in a pull request. Reads only; nothing on the
/// platform changes until an apply.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write partner files (with spec.adopt) for the partners already on the platform.",
        discussion: """
            Reads the FHIR server's OrganizationAffiliations with the hospital that no onboard deployment owns, their \
            Organizations and Endpoints, and — where targets.clients.scopeAdministration lists them — the OAuth \
            clients of the same name. Leaves out what a partner file adopts already. Writes Partners/<id>.yaml (and \
            <id>.jwks.json) without overwriting any file, then checks them like `onboard validate`. Nothing on the \
            platform changes until an apply.
            """
    )

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Read the partners from the live platform (the only source so far).")
    var fromPlatform = false

    @Option(help: "The template of partners whose codings match no single template.")
    var template: String?

    @Option(help: "Where to write the partner files: a folder of the repository (they are reviewed in git).")
    var out = NetworkLoader.partnersDirectory

    func run() async throws {
        var invalid = false
        try await FailureReporting.run(root: repository.root) {
            guard fromPlatform else {
                throw OnboardError.command("say where to import from: --from-platform", code: .usage)
            }
            let out = try Self.folder(out)
            let context = try RepositoryContext.load(repository)
            if let template, context.result.network.templates[template] == nil {
                throw OnboardError.command("no template \(template) under Templates/", code: .usage)
            }
            let ports = try context.ports()
            // Partner files waiting for review in --out count as much as those in Partners/.
            let tree = LocalSourceTree(root: context.root)
            let waiting =
                out == NetworkLoader.partnersDirectory
                ? [] : NetworkLoader(tree: tree).load(partners: out).network.partners
            let partners = context.result.network.partners + waiting
            var adopted: [String: SourceLocation] = [:]
            for partner in partners {
                for reference in partner.spec.adopt?.references ?? [] { adopted[reference.value] = reference.location }
            }
            let discovery = PlatformDiscovery(
                deployment: context.input.deployment,
                templates: context.result.network.templates.mapValues(TemplateInput.init), template: template,
                takenIDs: Set(partners.map(\.id)).union(Self.existingIDs(context.path(out))),
                clientsNeedTokens: context.deployment.targets.clients?.scopeAdministration == nil,
                adoptedAlready: adopted
            )
            let (found, skipped) = try await discovery.read(
                directory: ports.directory, clients: ports.clients, concurrency: ports.concurrency)
            let directory = URL(fileURLWithPath: context.path(out))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for partner in found {
                let file = directory.appendingPathComponent("\(partner.draft.id).yaml")
                try Self.create(file, PartnerFileWriter.yaml(partner.draft))
                if let jwks = partner.jwks, let name = partner.draft.jwksFile {
                    try Self.create(directory.appendingPathComponent(name), jwks)
                }
                let adopted =
                    [partner.draft.adoptOrganization, partner.draft.adoptAffiliation, partner.draft.adoptClient]
                    .compactMap { $0 }
                    + partner.draft.adoptEndpoints.map(\.reference)
                // What the platform holds (names anyone could register, ids) reaches the terminal as visible text.
                Console.out(
                    TextRules.visible(
                        "wrote \(out)/\(partner.draft.id).yaml, adopting \(adopted.joined(separator: ", "))"))
                for note in partner.draft.notes { Console.out(TextRules.visible("  note: \(note)")) }
            }
            for reason in skipped { Console.out(TextRules.visible("left out: \(reason)")) }
            Console.out(
                found.isEmpty
                    ? "No partner to import: onboard manages, or a partner file adopts, every partner found on the platform."
                    : "\nWrote \(found.count) partner file\(found.count == 1 ? "" : "s"). Review them, then run `onboard plan`: "
                        + "each adopted object shows as an import.")
            if case let answers = context.network.answers, !answers.isEmpty {
                Console.out(
                    "Read the live platform with "
                        + answers.map { "\($0.count) \($0.server) requests" }.joined(separator: " and ") + ".")
            }
            // The files as onboard reads them: a problem (a contact to fill in) is reported now, not at plan time.
            let written = Set(found.map { "\(out)/\($0.draft.id).yaml" })
            let problems = NetworkLoader(tree: tree).load(partners: out).diagnostics.filter {
                written.contains($0.location.file)
            }
            if !problems.isEmpty {
                Console.error(DiagnosticRenderer(style: TerminalStyle.detect()).render(problems))
                invalid = problems.contains { $0.severity == .error }
            }
        }
        if invalid { throw ExitCode.problems }
    }

    /// `--out` as a folder of the repository (`Partners`, `review/partners`): partner files are reviewed in git.
    static func folder(_ text: String) throws -> String {
        let parts = text.split(separator: "/").filter { $0 != "." }
        guard !text.hasPrefix("/"), !parts.isEmpty, !parts.contains("..") else {
            throw OnboardError.command(
                "--out \(text): name a folder inside the repository, such as Partners or review/partners", code: .usage)
        }
        return parts.joined(separator: "/")
    }

    /// Ids the output directory's files take already: every name import would write, `<id>.yaml` and also
    /// `<id>.jwks.json` left from a partner whose file is gone, so a new partner's files never meet an old one's. (A
    /// certificate put beside for `spec.adopt.certificate` takes nothing.)
    static func existingIDs(_ path: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return Set(
            names.compactMap { name in
                [".yaml", ".jwks.json"].first { name.hasSuffix($0) }.map { String(name.dropLast($0.count)) }
            })
    }

    /// Writes a new file; never replaces one.
    static func create(_ url: URL, _ text: String) throws {
        do {
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw OnboardError.command(
                "cannot create \(url.path) (onboard never overwrites a file): \(error.localizedDescription)")
        }
    }
}
