extension PartnerMetadata {
    static func decode(_ reader: MappingReader, _ decoder: NodeDecoder) -> PartnerMetadata? {
        defer { reader.finish() }
        let id = reader.required("id") {
            decoder.checked($0, $1, code: .invalidIdentifier, ValueRules.identifierProblem)
        }
        let name = reader.required("name", decoder.string)
        let labels = reader.optional("labels") { node, path -> [String: Located<String>]? in
            guard let labels = decoder.mapping(node, path) else { return nil }
            var result: [String: Located<String>] = [:]
            for entry in labels.mapping.entries {
                result[entry.key.text] = labels.optional(entry.key.text, decoder.string)
            }
            labels.finish()
            return result
        }
        guard let id, let name else { return nil }
        return PartnerMetadata(id: id, name: name, labels: labels ?? [:])
    }
}
