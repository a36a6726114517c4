extension ServiceDeclaration {
    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> ServiceDeclaration? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let id = reader.required("id") {
            decoder.checked($0, $1, code: .invalidIdentifier, ValueRules.identifierProblem)
        }
        let name = reader.required("name", decoder.string)
        let type = reader.required("type") { Coding.decode($0, $1, decoder) }
        let specialty = reader.optional("specialty") { Coding.decode($0, $1, decoder) }
        let accepts = reader.optional("acceptsReferrals", decoder.boolean)
        let notes = reader.optional("notes", decoder.string)
        guard let id, let name, let type else { return nil }
        return ServiceDeclaration(
            id: id, name: name, type: type, specialty: specialty,
            acceptsReferrals: accepts ?? Located(false, at: reader.owner), notes: notes)
    }

    /// A list of services, each id once in the list (ids across files are checked over the whole network).
    static func decodeList(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> [ServiceDeclaration]? {
        decoder.eachNamedOnce(node, path, key: "id", noun: "service id", { decode($0, $1, decoder) }, name: \.id)
    }
}

extension PartnerReferrals {
    static func decode(_ reader: MappingReader, _ decoder: NodeDecoder) -> PartnerReferrals? {
        defer { reader.finish() }
        let sendTo = reader.required("sendTo") { decoder.each($0, $1, decoder.string) }
        guard let sendTo else { return nil }
        return PartnerReferrals(sendTo: sendTo, location: reader.owner)
    }
}
