extension PartnerAdoption {
    /// Decodes `spec.adopt`; `endpointNames` are the spec's endpoints, the only names an endpoint may be adopted for.
    static func decode(_ reader: MappingReader, endpointNames: Set<String>?, _ decoder: NodeDecoder) -> PartnerAdoption?
    {
        let path = reader.path
        defer { reader.finish() }
        let organization = reader.optional("organization") { reference($0, $1, type: "Organization", decoder) }
        let affiliation = reader.optional("affiliation") { reference($0, $1, type: "OrganizationAffiliation", decoder) }
        var endpoints: [Endpoint] = []
        if let node = reader.node("endpoints"), let mapping = decoder.mapping(node, path.key("endpoints")) {
            for entry in mapping.mapping.entries {
                let name = Located(entry.key.text, at: entry.key.location)
                let entryPath = path.key("endpoints").key(name.value)
                guard let target = reference(entry.value, entryPath, type: "Endpoint", decoder) else { continue }
                if let endpointNames, !endpointNames.contains(name.value) {
                    decoder.sink.report(
                        .invalidValue, at: name.location, path: entryPath,
                        "no endpoint \"\(name.value)\" in spec.endpoints"
                            + Suggestion.hint(for: name.value, in: endpointNames)
                            + "; an existing Endpoint is adopted for one of the partner's endpoints"
                    )
                    continue
                }
                endpoints.append(Endpoint(name: name, reference: target))
            }
        }
        let client = reader.optional("client") { node, path -> Client? in
            if case .scalar = node {
                return decoder.checked(node, path, clientIDProblem).map { Client(id: $0, registrationTokenEnv: nil) }
            }
            guard let client = decoder.mapping(node, path) else { return nil }
            defer { client.finish() }
            let id = client.required("id") { decoder.checked($0, $1, clientIDProblem) }
            let variable = client.optional("registrationTokenEnv") {
                decoder.checked($0, $1, Deployment.environmentNameProblem)
            }
            return id.map { Client(id: $0, registrationTokenEnv: variable) }
        }
        let certificate = reader.optional("certificate", decoder.string)
        return PartnerAdoption(
            organization: organization, endpoints: endpoints, affiliation: affiliation, client: client,
            certificate: certificate, location: reader.owner
        )
    }

    /// `<type>/<FHIR id>`: the resource type is fixed by the field, the id follows FHIR's id rule.
    private static func reference(
        _ node: SpecNode, _ path: FieldPath, type: String, _ decoder: NodeDecoder
    ) -> Located<String>? {
        decoder.checked(node, path) { text in
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == type, FHIRLogicalID.isValid(parts[1]) else {
                return "\"\(text)\" is not a reference to an existing \(type): write \(type)/<id> (an id of 1 to 64 "
                    + "characters from A-Z, a-z, 0-9, \"-\" and \".\")"
            }
            return nil
        }
    }

    private static func clientIDProblem(_ text: String) -> String? {
        let valid =
            !text.isEmpty && text.count <= 128
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0 != "/" }
        return valid
            ? nil : "\"\(text)\" is not a client_id (printable ASCII without spaces or \"/\", at most 128 characters)"
    }
}
