/// The checks that need the whole network at once: service ids unique across the hospital and every partner, and
/// every referral route pointing at a service that exists, accepts referrals and is not the sender's own.
struct ReferralNetworkCheck {
    let deployment: Deployment?
    let partners: [Partner]
    /// Whether every file loaded: a route to a service no loaded file declares is reported only then (the service
    /// may be in a file whose own errors are reported already).
    let complete: Bool

    /// A service and who provides it (nil: the hospital).
    private struct Provided {
        let service: ServiceDeclaration
        let partner: String?
    }

    func run(_ sink: DiagnosticSink) {
        var services: [String: Provided] = [:]
        func add(_ list: [ServiceDeclaration], partner: String?, path: FieldPath) {
            for (index, service) in list.enumerated() {
                if let first = services[service.id.value] {
                    if first.partner == partner { continue }  // within one file: reported by its decoding
                    sink.report(
                        .duplicateIdentifier, at: service.id.location, path: path.index(index).key("id"),
                        "service id \"\(service.id.value)\" is already used by \(first.service.id.location) "
                            + "(\(first.partner.map { "partner \($0)" } ?? "the hospital")); service ids are unique "
                            + "across the network, since referrals name them")
                } else {
                    services[service.id.value] = Provided(service: service, partner: partner)
                }
            }
        }
        let servicesPath = FieldPath.root.key("spec").key("services")
        add(deployment?.services ?? [], partner: nil, path: servicesPath)
        // By index: `for partner in partners` would copy every partner whole.
        for index in partners.indices {
            add(partners[index].spec.services, partner: partners[index].id, path: servicesPath)
        }
        let routesPath = FieldPath.root.key("spec").key("referrals").key("sendTo")
        for partnerIndex in partners.indices {
            let partner = partners[partnerIndex].id
            var seen: Set<String> = []
            for (index, route) in (partners[partnerIndex].spec.referrals?.sendTo ?? []).enumerated() {
                let path = routesPath.index(index)
                guard seen.insert(route.value).inserted else {
                    sink.report(
                        .duplicateIdentifier, at: route.location, path: path, "\"\(route.value)\" is listed twice")
                    continue
                }
                guard let target = services[route.value] else {
                    guard complete else { continue }
                    sink.report(
                        .invalidValue, at: route.location, path: path,
                        "no service \"\(route.value)\" in the network (onboard.yaml or any partner's spec.services)"
                            + Suggestion.hint(for: route.value, in: services.keys))
                    continue
                }
                if target.partner == partner {
                    sink.report(
                        .invalidValue, at: route.location, path: path,
                        "\"\(route.value)\" is this partner's own service; a partner does not refer to itself")
                } else if !target.service.acceptsReferrals.value {
                    sink.report(
                        .invalidValue, at: route.location, path: path,
                        "service \"\(route.value)\" (\(target.service.id.location)) does not accept referrals "
                            + "(acceptsReferrals is false)")
                }
            }
        }
    }
}
