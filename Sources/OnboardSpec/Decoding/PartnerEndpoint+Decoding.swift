extension PartnerEndpoint {
    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> PartnerEndpoint? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let name = reader.required("name") { decoder.checked($0, $1, ValueRules.endpointNameProblem) }
        let type = reader.required("connectionType") {
            decoder.enumeration($0, $1, as: EndpointConnectionType.self, code: .unknownConnectionType)
        }
        let address = reader.required("address") { node, path -> Located<String>? in
            guard let text = decoder.string(node, path) else { return nil }
            if let (code, problem) = ValueRules.endpointAddressProblem(text.value, for: type?.value) {
                decoder.sink.report(
                    code, at: text.location, path: path, problem, redactingSecret: code == .secretInFile)
                return nil
            }
            return text
        }
        let mimeTypes = reader.optional("payloadMimeTypes") { node, path in
            decoder.each(node, path) { decoder.checked($0, $1, ValueRules.mimeTypeProblem) }
        }
        guard let name, let type, let address else { return nil }
        return PartnerEndpoint(name: name, connectionType: type, address: address, payloadMimeTypes: mimeTypes ?? [])
    }
}
