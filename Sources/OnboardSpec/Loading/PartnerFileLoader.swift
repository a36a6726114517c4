/// Loads one partner file: parse, merge over the template's defaults, decode, apply the template's policy, read the
/// CSR and JWKS it names, and scan for secrets. Independent of every other partner, so files load in parallel.
struct PartnerFileLoader: Sendable {
    let tree: any SourceTree
    let templates: [String: PartnerTemplate]
    /// Templates that exist but failed to load; their errors are reported once, at the template.
    let brokenTemplates: Set<String>
    let templateSources: SourceCatalog
    /// Partners of earlier runs, and the templates whose text has not changed since.
    let cached: PartnerCache.Contents
    let unchangedTemplates: Set<String>

    func load(_ file: String) -> PartnerOutcome {
        let text: String
        do {
            guard let read = try tree.read(file) else {
                return outcome(file, diagnostic: "the file disappeared while loading")
            }
            text = read
        } catch {
            return outcome(file, diagnostic: "the file \(error)")
        }
        if let entry = cached.entry(file, text: text, templates: unchangedTemplates),
            templates[entry.partner.spec.template.value]?.file == entry.templateFile, documentsUnchanged(entry.partner)
        {
            let id = entry.partner.metadata.id
            return PartnerOutcome(
                file: file, partner: entry.partner, id: id, idLine: SourceCatalog([file: text]).line(id.location),
                diagnostics: [], cacheEntry: entry, fromCache: true
            )
        }
        let sources = templateSources.adding(file, text: text)
        let sink = DiagnosticSink(sources: sources)
        SecretScanner.scanText(text, file: file, sink: sink)
        guard let root = YAMLDocumentParser.parse(text, file: file, sink: sink) else {
            return PartnerOutcome(file: file, partner: nil, id: nil, idLine: nil, diagnostics: sink.diagnostics)
        }
        SecretScanner.scanTree(root, path: .root, sink: sink)
        let decoder = NodeDecoder(sink: sink)
        guard let reader = decoder.mapping(root, .root) else {
            return PartnerOutcome(file: file, partner: nil, id: nil, idLine: nil, diagnostics: sink.diagnostics)
        }
        defer { reader.finish() }
        let metadata = decoder.header(reader, kind: "Partner", directory: "Partners/").flatMap {
            PartnerMetadata.decode($0, decoder)
        }
        let id = metadata?.id ?? rawID(root)
        if let id, ValueRules.identifierProblem(id.value) == nil, id.value != RepositoryPath.stem(file) {
            sink.report(
                .nameMismatch, at: id.location, path: .root.key("metadata").key("id"),
                "\"\(id.value)\" does not match the file name \"\(file.split(separator: "/").last!)\"; "
                    + "a partner file must be named <id>.yaml"
            )
        }
        let draft = reader.node("spec", required: true).flatMap {
            decodeSpec($0, owner: reader.keyLocation("spec"), sink)
        }
        let documents = draft.flatMap { PartnerDocumentsLoader(tree: tree, file: file, sink: sink).load($0) }
        reader.finish()
        var partner: Partner?
        if let metadata, let spec = draft?.complete, let documents, !sink.hasErrors {
            partner = Partner(file: file, metadata: metadata, spec: spec, documents: documents)
        }
        return PartnerOutcome(
            file: file, partner: partner, id: id, idLine: id.flatMap { sources.line($0.location) },
            diagnostics: sink.diagnostics,
            cacheEntry: sink.diagnostics.isEmpty ? partner.flatMap { cacheEntry($0, text) } : nil
        )
    }

    private func cacheEntry(_ partner: Partner, _ text: String) -> PartnerCache.Entry? {
        templates[partner.spec.template.value].map {
            PartnerCache.Entry(partner: partner, text: text, templateFile: $0.file)
        }
    }

    /// Whether every file the cached partner was read with still holds the same text.
    private func documentsUnchanged(_ partner: Partner) -> Bool {
        func same(_ path: String, _ text: String) -> Bool { (try? tree.read(path)) == text }
        let documents = partner.documents
        return documents.csr.map { same($0.path, $0.pem) } ?? true
            && documents.jwks.map { same($0.path, $0.json) } ?? true
            && documents.adoptedCertificate.map { same($0.path, $0.pem) } ?? true
    }

    /// Decodes the spec over its template's defaults and applies the template's policy; nil when the template is
    /// unknown (then only types and keys are checked, since defaults cannot be known).
    private func decodeSpec(_ node: SpecNode, owner: SourceLocation?, _ sink: DiagnosticSink) -> PartnerSpecDraft? {
        let path = FieldPath.root.key("spec")
        guard let name = node.value(at: ["template"]) else {
            return PartnerSpecDraft.decode(node, path, owner: owner, NodeDecoder(sink: sink))
        }
        guard let templateName = name.stringValue, let template = templates[templateName] else {
            if let templateName = name.stringValue, !brokenTemplates.contains(templateName) {
                sink.report(
                    .unknownTemplate, at: name.location, path: path.key("template"),
                    "unknown template \"\(templateName)\"" + Suggestion.hint(for: templateName, in: templates.keys)
                        + "; templates are the files Templates/<name>.yaml"
                        + (templates.isEmpty ? "" : " (known: \(templates.keys.sorted().joined(separator: ", ")))")
                )
            }
            _ = PartnerSpecDraft.decode(node, path, owner: owner, NodeDecoder(sink: sink, partial: true))
            return nil
        }
        let merged = template.defaults.map { node.merged(over: $0) } ?? node
        guard let draft = PartnerSpecDraft.decode(merged, path, owner: owner, NodeDecoder(sink: sink)) else {
            return nil
        }
        TemplatePolicy(template: template).check(draft, sink: sink)
        return draft
    }

    private func rawID(_ root: SpecNode) -> Located<String>? {
        guard let node = root.value(at: ["metadata", "id"]), let id = node.stringValue else { return nil }
        return Located(id, at: node.location)
    }

    private func outcome(_ file: String, diagnostic: String) -> PartnerOutcome {
        let sink = DiagnosticSink(sources: SourceCatalog())
        sink.report(.unparseableFile, at: .file(file), path: .root, diagnostic)
        return PartnerOutcome(file: file, partner: nil, id: nil, idLine: nil, diagnostics: sink.diagnostics)
    }
}
