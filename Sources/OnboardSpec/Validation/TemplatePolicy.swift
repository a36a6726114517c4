/// What a template allows its partners: scopes inside its ceiling, certificates no longer than its maximum, services
/// and referrals only where the kind may have them.
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
        checkReferrals(spec, sink: sink)
        checkGrants(spec.grants ?? [], sink: sink)
    }

    /// Grants: only where the template has a grant ceiling, and inside it — window, resource types and letters.
    private func checkGrants(_ grants: [GrantDeclaration], sink: DiagnosticSink) {
        let path = FieldPath.root.key("spec").key("grants")
        guard let first = grants.first else { return }
        guard let ceiling = template.grants else {
            sink.report(
                .invalidValue, at: first.location, path: path,
                "template \"\(template.name.value)\" does not let its partners hold grants "
                    + "(set grants: {maxDays, resources, interactions} in \(template.file))")
            return
        }
        let allowed = Set(ceiling.resources.map(\.value))
        for (index, grant) in grants.enumerated() {
            let grantPath = path.index(index)
            let seconds = grant.until.value.timeIntervalSince(grant.from.value)
            if seconds > Double(ceiling.maxDays.value) * 86_400 {
                let tenths = Int((seconds / 8_640).rounded(.up))
                let days = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
                sink.report(
                    .limitExceeded, at: grant.until.location, path: grantPath.key("until"),
                    "the window is \(days) days; template \"\(template.name.value)\" allows grants of at "
                        + "most \(ceiling.maxDays.value) days (maxDays, \(ceiling.maxDays.location))")
            }
            for (position, type) in grant.resources.enumerated() where !allowed.contains(type.value) {
                sink.report(
                    .limitExceeded, at: type.location, path: grantPath.key("resources").index(position),
                    "\(type.value) is outside the grant ceiling of template \"\(template.name.value)\" "
                        + "(\(ceiling.location)); it allows \(ceiling.resources.map(\.value).joined(separator: ", "))")
            }
            if !ceiling.interactions.value.isSuperset(of: grant.interactions.value) {
                sink.report(
                    .limitExceeded, at: grant.interactions.location, path: grantPath.key("interactions"),
                    "\"\(grant.interactions.value)\" is outside the grant ceiling of template \"\(template.name.value)\": "
                        + "it allows \"\(ceiling.interactions.value)\" (\(ceiling.interactions.location))")
            }
        }
    }

    /// Services and routes: allowed by the template, and carried by the partner's scopes — the gateway lets a
    /// referral through only when the token may also write it, so a route the scopes cannot carry would never work.
    private func checkReferrals(_ spec: PartnerSpecDraft, sink: DiagnosticSink) {
        let specPath = FieldPath.root.key("spec")
        let scopes = (spec.access?.scopes ?? []).map(\.value)
        if let services = spec.services, let first = services.first {
            if template.mayProvideServices?.value != true {
                sink.report(
                    .invalidValue, at: first.id.location, path: specPath.key("services"),
                    "template \"\(template.name.value)\" does not let its partners offer services "
                        + "(set services: {mayProvide: true} in \(template.file))")
            } else if services.contains(where: \.acceptsReferrals.value),
                let missing = ReferralScopes.receiving.first(where: { !ReferralScopes.grants(scopes, $0) })
            {
                sink.report(
                    .invalidValue, at: first.id.location, path: specPath.key("services"),
                    "a service that accepts referrals needs its partner to find and update the Tasks sent to it: "
                        + "add \(missing) to spec.access.scopes")
            }
        }
        if let referrals = spec.referrals {
            if template.maySendReferrals?.value != true {
                sink.report(
                    .invalidValue, at: referrals.location, path: specPath.key("referrals"),
                    "template \"\(template.name.value)\" does not let its partners send referrals "
                        + "(set referrals: {maySend: true} in \(template.file))")
            } else if !referrals.sendTo.isEmpty,
                let missing = ReferralScopes.sending.first(where: { !ReferralScopes.grants(scopes, $0) })
            {
                sink.report(
                    .invalidValue, at: referrals.location, path: specPath.key("referrals"),
                    "sending a referral creates a ServiceRequest and a Task: add \(missing) to spec.access.scopes")
            }
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
