extension PartnerTemplate {
    /// Most days a template may allow; matches the CA's own limit.
    static let validityRange = CertificateRequest.validityRange

    /// Decodes `Templates/<name>.yaml`, including a type check of its `defaults` and a check that those defaults obey
    /// the template's own ceiling.
    static func decode(_ root: SpecNode, file: String, expectedName: String, _ decoder: NodeDecoder) -> PartnerTemplate?
    {
        guard let reader = decoder.mapping(root, .root) else { return nil }
        defer { reader.finish() }
        var name: Located<String>?
        if let metadata = decoder.header(reader, kind: "PartnerTemplate", directory: "Templates/") {
            name = metadata.required("name") {
                decoder.checked($0, $1, code: .invalidIdentifier, ValueRules.identifierProblem)
            }
            metadata.finish()
        }
        if let name, name.value != expectedName {
            decoder.sink.report(
                .nameMismatch, at: name.location, path: .root.key("metadata").key("name"),
                "\"\(name.value)\" does not match the file name \"\(expectedName).yaml\"; a template file must be named <name>.yaml"
            )
        }
        guard let spec = reader.nested("spec", required: true) else { return nil }
        defer { spec.finish() }
        let description = spec.required("description", decoder.string)
        let organizationType = spec.required("organizationType") { Coding.decode($0, $1, decoder) }
        let affiliationRole = spec.required("affiliationRole") { Coding.decode($0, $1, decoder) }
        let ceiling = spec.required("allowedScopes", decoder.scopes)
        let maxValidity = spec.required("maxCertificateValidityDays") { decoder.integer($0, $1, in: validityRange) }
        let mayProvide = spec.nested("services").flatMap { services in
            defer { services.finish() }
            return services.required("mayProvide", decoder.boolean)
        }
        let maySend = spec.nested("referrals").flatMap { referrals in
            defer { referrals.finish() }
            return referrals.required("maySend", decoder.boolean)
        }
        let grants = spec.nested("grants").flatMap { GrantCeiling.decode($0, decoder) }
        let defaults = spec.node("defaults")
        if let defaults {
            let partial = NodeDecoder(sink: decoder.sink, partial: true)
            _ = PartnerSpecDraft.decode(
                defaults, spec.path.key("defaults"), owner: spec.keyLocation("defaults"), partial)
            checkDefaults(defaults, spec.path.key("defaults"), ceiling: ceiling, maxValidity: maxValidity, decoder)
        }
        guard let name, let description, let organizationType, let affiliationRole, let ceiling, let maxValidity
        else { return nil }
        return PartnerTemplate(
            file: file, name: name, description: description, organizationType: organizationType,
            affiliationRole: affiliationRole, allowedScopes: ceiling,
            ceilingLocation: spec.keyLocation("allowedScopes") ?? name.location,
            maxCertificateValidityDays: maxValidity,
            defaults: defaults, mayProvideServices: mayProvide, maySendReferrals: maySend, grants: grants
        )
    }

    private static func checkDefaults(
        _ defaults: SpecNode, _ path: FieldPath, ceiling: [Located<SmartScope>]?, maxValidity: Located<Int>?,
        _ decoder: NodeDecoder
    ) {
        if let ceiling, case .sequence(let items, _)? = defaults.value(at: ["access", "scopes"]) {
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue, let scope = try? SmartScope(parsing: text),
                    !scope.isInside(anyOf: ceiling.map(\.value))
                else { continue }
                decoder.sink.report(
                    .scopeOutsideCeiling, at: item.location, path: path.key("access").key("scopes").index(index),
                    "default scope \(scope) is outside this template's allowedScopes"
                )
            }
        }
        if let grants = defaults.value(at: ["grants"]) {
            decoder.sink.report(
                .invalidValue, at: grants.location, path: path.key("grants"),
                "a grant names one patient for one partner and belongs in that partner's file, never in a template's "
                    + "defaults")
        }
        if let adopt = defaults.value(at: ["adopt"]) {
            decoder.sink.report(
                .invalidValue, at: adopt.location, path: path.key("adopt"),
                "adopt names objects of one partner and belongs in that partner's file, never in a template's defaults"
            )
        }
        if let maxValidity, case .scalar(let scalar)? = defaults.value(at: ["certificate", "validityDays"]),
            let days = Int(scalar.text), days > maxValidity.value
        {
            decoder.sink.report(
                .limitExceeded, at: scalar.location, path: path.key("certificate").key("validityDays"),
                "default validity \(days) days exceeds this template's maxCertificateValidityDays (\(maxValidity.value))"
            )
        }
    }
}
