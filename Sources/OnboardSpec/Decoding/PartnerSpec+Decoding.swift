extension PartnerSpec {
    /// Decodes a spec already merged over its template's defaults; with a partial decoder (unknown template or the
    /// template's own defaults) only types and keys are checked.
    static func decode(_ node: SpecNode, _ path: FieldPath, owner: SourceLocation?, _ decoder: NodeDecoder) -> PartnerSpec? {
        guard let reader = decoder.mapping(node, path, owner: owner) else { return nil }
        defer { reader.finish() }
        let template = reader.required("template", decoder.string)
        let status = reader.optional("status") { decoder.enumeration($0, $1, as: PartnerStatus.self) }
        let identifiers = reader.optional("identifiers") { decoder.each($0, $1) { BusinessIdentifier.decode($0, $1, decoder) } }
        let contacts = reader.required("contacts") { decoder.each($0, $1, nonEmpty: true) { Contact.decode($0, $1, decoder) } }
        let endpoints = reader.optional("endpoints") { decoder.each($0, $1) { PartnerEndpoint.decode($0, $1, decoder) } }
        let access = reader.nested("access", required: true).flatMap { PartnerAccess.decode($0, decoder) }
        let certificate = reader.nested("certificate", required: true).flatMap { CertificateRequest.decode($0, decoder) }
        if let endpoints { checkUniqueNames(endpoints, path.key("endpoints"), decoder) }
        guard !decoder.partial, let template, let contacts, let access, let certificate else { return nil }
        return PartnerSpec(
            template: template, status: status ?? Located(.active, at: reader.owner),
            identifiers: identifiers ?? [], contacts: contacts, endpoints: endpoints ?? [], access: access,
            certificate: certificate
        )
    }

    private static func checkUniqueNames(_ endpoints: [PartnerEndpoint], _ path: FieldPath, _ decoder: NodeDecoder) {
        var seen: [String: SourceLocation] = [:]
        for (index, endpoint) in endpoints.enumerated() {
            if let first = seen[endpoint.name.value] {
                decoder.sink.report(
                    .duplicateIdentifier, at: endpoint.name.location, path: path.index(index).key("name"),
                    "endpoint name \"\(endpoint.name.value)\" is already used at line \(first.line)"
                )
            }
            seen[endpoint.name.value] = seen[endpoint.name.value] ?? endpoint.name.location
        }
    }
}
