/// Loads and checks a whole repository — `onboard.yaml`, `Templates/*.yaml`, `Partners/**/*.yaml` and the files the
/// partners name — reporting every problem in every file in one pass.
public struct NetworkLoader: Sendable {
    public static let deploymentFile = "onboard.yaml"
    public static let templatesDirectory = "Templates"
    public static let partnersDirectory = "Partners"

    public let tree: any SourceTree

    public init(tree: any SourceTree) {
        self.tree = tree
    }

    /// `onboard.yaml` alone: enough to reach the platform and state before the partner files are read.
    public func loadDeployment() -> LoadResult {
        var diagnostics: [Diagnostic] = []
        let deployment = loadDeployment(&diagnostics)
        return LoadResult(
            network: PartnerNetwork(deployment: deployment, templates: [:], partners: []), diagnostics: diagnostics,
            fileCount: 1
        )
    }

    /// The whole repository. With a `cache`, partners whose files are byte for byte those of a partner cached
    /// earlier are taken from it instead of being parsed again (see `PartnerCache`), and the cache is brought up to
    /// date. `partners`: the folder of partner files, `Partners/` but for files `onboard import --out` wrote for review.
    public func load(
        cache: PartnerCache? = nil, partners folder: String = NetworkLoader.partnersDirectory
    ) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        let deployment = loadDeployment(&diagnostics)
        let templateFiles = tree.files(in: Self.templatesDirectory, recursive: false).filter(RepositoryPath.isYAML)
        let (templates, broken, templateSources) = loadTemplates(templateFiles, &diagnostics)
        let files = tree.files(in: folder, recursive: true).filter(RepositoryPath.isYAML)
        let cached = cache?.read() ?? PartnerCache.Contents()
        let loader = PartnerFileLoader(
            tree: tree, templates: templates, brokenTemplates: broken, templateSources: templateSources, cached: cached,
            unchangedTemplates: Set(cached.templates.filter { templateSources.texts[$0.key] == $0.value }.keys)
        )
        let outcomes = files.parallelMap { loader.load($0) }
        if let cache {
            let entries = outcomes.compactMap(\.cacheEntry)
            if entries.count != cached.count || outcomes.contains(where: { $0.cacheEntry != nil && !$0.fromCache }) {
                cache.write(entries, templates: templateSources.texts)
            }
        }
        for outcome in outcomes { diagnostics += outcome.diagnostics }
        diagnostics += duplicateIDs(outcomes)
        let duplicated = Set(diagnostics.filter { $0.code == .duplicateIdentifier }.map(\.location.file))
        // One copy of each partner, sorted in place: a partner is dozens of fields, and there are thousands.
        var partners: [Partner] = []
        partners.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            if let partner = outcome.partner, !duplicated.contains(partner.file) { partners.append(partner) }
        }
        partners.sort { $0.id < $1.id }
        diagnostics += networkDiagnostics(
            deployment, partners, complete: deployment != nil && outcomes.allSatisfy { $0.partner != nil })
        return LoadResult(
            network: PartnerNetwork(deployment: deployment, templates: templates, partners: partners),
            diagnostics: Diagnostic.sortedForDisplay(diagnostics),
            fileCount: 1 + templateFiles.count + files.count
        )
    }

    private func loadDeployment(_ diagnostics: inout [Diagnostic]) -> Deployment? {
        let file = Self.deploymentFile
        guard
            let (text, sink) = open(
                file, &diagnostics,
                missing: "no deployment file: create onboard.yaml at the repository root (kind: Deployment)")
        else { return nil }
        defer { diagnostics += sink.diagnostics }
        SecretScanner.scanText(text, file: file, sink: sink)
        guard let root = YAMLDocumentParser.parse(text, file: file, sink: sink) else { return nil }
        SecretScanner.scanTree(root, path: .root, sink: sink)
        return Deployment.decode(root, file: file, NodeDecoder(sink: sink))
    }

    /// Loads every template; a template with errors is left out but remembered as broken, so its partners are not
    /// also told the template is unknown.
    private func loadTemplates(
        _ files: [String], _ diagnostics: inout [Diagnostic]
    ) -> ([String: PartnerTemplate], Set<String>, SourceCatalog) {
        var templates: [String: PartnerTemplate] = [:]
        var broken: Set<String> = []
        var sources = SourceCatalog()
        for file in files {
            guard let (text, sink) = open(file, &diagnostics, missing: "the file disappeared while loading") else {
                continue
            }
            sources = sources.adding(file, text: text)
            SecretScanner.scanText(text, file: file, sink: sink)
            let name = RepositoryPath.stem(file)
            if let root = YAMLDocumentParser.parse(text, file: file, sink: sink) {
                SecretScanner.scanTree(root, path: .root, sink: sink)
                if let template = PartnerTemplate.decode(root, file: file, expectedName: name, NodeDecoder(sink: sink))
                {
                    if let first = templates[name] {
                        sink.report(
                            .duplicateIdentifier, at: template.name.location, path: .root.key("metadata").key("name"),
                            "template \"\(name)\" is already defined in \(first.file)"
                        )
                    } else if !sink.hasErrors {
                        templates[name] = template
                    }
                }
            }
            if sink.hasErrors, templates[name] == nil { broken.insert(name) }
            diagnostics += sink.diagnostics
        }
        return (templates, broken, sources)
    }

    private func open(
        _ file: String, _ diagnostics: inout [Diagnostic], missing: String
    ) -> (String, DiagnosticSink)? {
        do {
            guard let text = try tree.read(file) else {
                diagnostics.append(
                    Diagnostic(code: .missingFile, location: .file(file), fieldPath: "", message: missing))
                return nil
            }
            return (text, DiagnosticSink(sources: SourceCatalog([file: text])))
        } catch {
            diagnostics.append(
                Diagnostic(code: .unparseableFile, location: .file(file), fieldPath: "", message: "the file \(error)")
            )
            return nil
        }
    }

    /// Problems only the whole network shows (services and referral routes), each quoting its line.
    private func networkDiagnostics(_ deployment: Deployment?, _ partners: [Partner], complete: Bool) -> [Diagnostic] {
        let check = ReferralNetworkCheck(deployment: deployment, partners: partners, complete: complete)
        let collector = DiagnosticSink(sources: SourceCatalog())
        check.run(collector)
        guard !collector.diagnostics.isEmpty else { return [] }
        let sink = DiagnosticSink(sources: SourceCatalog())
        for file in Set(collector.diagnostics.map(\.location.file)) {
            if let text = try? tree.read(file) { sink.addSource(file, text: text) }
        }
        check.run(sink)
        return sink.diagnostics
    }

    /// Every partner id must be unique across all files; each later file is reported with the first one named.
    private func duplicateIDs(_ outcomes: [PartnerOutcome]) -> [Diagnostic] {
        var first: [String: PartnerOutcome] = [:]
        var result: [Diagnostic] = []
        for outcome in outcomes {
            guard let id = outcome.id else { continue }
            if let earlier = first[id.value], let earlierID = earlier.id {
                result.append(
                    Diagnostic(
                        code: .duplicateIdentifier, location: id.location, fieldPath: "metadata.id",
                        message: "partner id \"\(id.value)\" is already used by \(earlierID.location); "
                            + "ids must be unique and are never reused",
                        snippet: outcome.idLine
                    )
                )
            } else {
                first[id.value] = outcome
            }
        }
        return result
    }
}
