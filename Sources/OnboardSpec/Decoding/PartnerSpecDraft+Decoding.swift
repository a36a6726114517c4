extension PartnerSpecDraft {
    /// Decodes a spec already merged over its template's defaults; with a partial decoder (unknown template or the
    /// template's own defaults) only types and keys are checked.
    static func decode(
        _ node: SpecNode, _ path: FieldPath, owner: SourceLocation?, _ decoder: NodeDecoder
    ) -> PartnerSpecDraft? {
        guard let reader = decoder.mapping(node, path, owner: owner) else { return nil }
        defer { reader.finish() }
        var draft = PartnerSpecDraft(location: reader.owner)
        draft.template = reader.required("template", decoder.string)
        draft.status = reader.optional("status") { decoder.enumeration($0, $1, as: PartnerStatus.self) }
        draft.identifiers = reader.optional("identifiers") {
            decoder.each($0, $1) { BusinessIdentifier.decode($0, $1, decoder) }
        }
        draft.contacts = reader.required("contacts") {
            decoder.each($0, $1, nonEmpty: true) { Contact.decode($0, $1, decoder) }
        }
        draft.endpoints = reader.optional("endpoints") {
            decoder.eachNamedOnce(
                $0, $1, key: "name", noun: "endpoint name", { PartnerEndpoint.decode($0, $1, decoder) }, name: \.name)
        }
        draft.access = reader.nested("access", required: true).flatMap {
            PartnerAccess.decode($0, decoder, partner: reader.owner)
        }
        draft.certificate = reader.nested("certificate", required: true).flatMap {
            CertificateRequest.decode($0, decoder)
        }
        draft.services = reader.optional("services") { ServiceDeclaration.decodeList($0, $1, decoder) }
        draft.referrals = reader.nested("referrals").flatMap { PartnerReferrals.decode($0, decoder) }
        draft.grants = reader.optional("grants") { GrantDeclaration.decodeList($0, $1, decoder) }
        draft.adopt = reader.nested("adopt").flatMap {
            PartnerAdoption.decode(
                $0,
                endpointNames: reader.keyLocation("endpoints") == nil
                    ? [] : draft.endpoints.map { Set($0.map(\.name.value)) },
                serviceIDs: reader.keyLocation("services") == nil
                    ? [] : draft.services.map { Set($0.map(\.id.value)) },
                decoder
            )
        }
        return draft
    }
}
