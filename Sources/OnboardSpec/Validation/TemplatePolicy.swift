/// What a template allows its partners: scopes inside its ceiling, certificates no longer than its maximum.
struct TemplatePolicy {
    let template: PartnerTemplate

    func check(_ spec: PartnerSpecDraft, sink: DiagnosticSink) {
        let ceiling = template.allowedScopes.map(\.value)
        let scopesPath = FieldPath.root.key("spec").key("access").key("scopes")
        for (index, scope) in (spec.access?.scopes ?? []).enumerated() where !scope.value.isInside(anyOf: ceiling) {
            sink.report(
                .scopeOutsideCeiling, at: scope.location, path: scopesPath.index(index),
                "scope \(scope.value) is outside the ceiling of template \"\(template.name.value)\" "
                    + "(\(template.ceilingLocation)); \(ceilingHint(for: scope.value, ceiling))"
            )
        }
        let maximum = template.maxCertificateValidityDays
        if let validity = spec.certificate?.validityDays, validity.value > maximum.value {
            sink.report(
                .limitExceeded, at: validity.location,
                path: FieldPath.root.key("spec").key("certificate").key("validityDays"),
                "\(validity.value) days exceeds the maximum of template \"\(template.name.value)\": "
                    + "maxCertificateValidityDays is \(maximum.value) (\(maximum.location))"
            )
        }
    }

    /// Names the part of the ceiling that matters: the scopes for the same resource type, or the whole ceiling.
    private func ceilingHint(for scope: SmartScope, _ ceiling: [SmartScope]) -> String {
        let related = ceiling.filter {
            $0.context == scope.context && ($0.resourceType == nil || $0.resourceType == scope.resourceType)
        }
        if related.isEmpty {
            return "it allows no \(scope.context.rawValue) scope for \(scope.resourceType ?? "all resource types"); "
                + "allowed: \(ceiling.map(\.description).joined(separator: ", "))"
        }
        return
            "for \(scope.resourceType ?? "*") it allows at most \(related.map(\.description).joined(separator: ", "))"
    }
}
