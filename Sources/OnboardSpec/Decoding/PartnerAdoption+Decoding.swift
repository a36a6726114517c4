extension PartnerAdoption {
    /// Decodes `spec.adopt`; `endpointNames` and `serviceIDs` are the spec's endpoints and services, the only ones an
    /// existing object may be adopted for (nil: not known, not checked).
    static func decode(
        _ reader: MappingReader, endpointNames: Set<String>?, serviceIDs: Set<String>? = nil, _ decoder: NodeDecoder
    ) -> PartnerAdoption? {
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
        var services: [Service] = []
        if let node = reader.node("services"), let mapping = decoder.mapping(node, path.key("services")) {
            for entry in mapping.mapping.entries {
                let id = Located(entry.key.text, at: entry.key.location)
                let entryPath = path.key("services").key(id.value)
                guard let target = reference(entry.value, entryPath, type: "HealthcareService", decoder) else {
                    continue
                }
                if let serviceIDs, !serviceIDs.contains(id.value) {
                    decoder.sink.report(
                        .invalidValue, at: id.location, path: entryPath,
                        "no service \"\(id.value)\" in spec.services" + Suggestion.hint(for: id.value, in: serviceIDs)
                            + "; an existing HealthcareService is adopted for one of the partner's services")
                    continue
                }
                services.append(Service(id: id, reference: target))
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
                decoder.environmentVariable($0, $1)
            }
            return id.map { Client(id: $0, registrationTokenEnv: variable) }
        }
        let certificate = reader.optional("certificate", decoder.string)
        return PartnerAdoption(
            organization: organization, endpoints: endpoints, affiliation: affiliation, client: client,
            certificate: certificate, location: reader.owner, services: services
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
