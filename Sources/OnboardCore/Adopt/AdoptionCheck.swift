import OnboardSpec

/// Decides, once the platform is read, whether each object a partner file adopts may be taken over: it must exist,
/// carry no other deployment's marks nor another partner's, be adopted by one partner file only, and not be managed
/// already under another address. Every refusal is a diagnostic at the line naming the object, all of them in one
/// plan, like validation.
struct AdoptionCheck {
    let deployment: String
    let state: StateSnapshot
    let adoptions: [ResourceAddress: AdoptionTarget]
    let actual: ActualState?
    /// The certificates partner files adopt, as the CA judged them.
    var certificates: [ResourceAddress: CertificateExamination] = [:]

    /// The objects to import, by address (those state records already were adopted before and need nothing), and the
    /// certificates to import with their inventory records.
    func pending() throws(OnboardError) -> (
        documents: [ResourceAddress: PlatformDocument], certificates: [ResourceAddress: CertificateRecord]
    ) {
        guard !adoptions.isEmpty || !certificates.isEmpty else { return ([:], [:]) }
        var problems: [Diagnostic] = []
        func refuse(_ target: AdoptionTarget, _ message: String) {
            problems.append(
                Diagnostic(
                    code: .adoptionRefused, location: target.location, fieldPath: target.field, message: message
                ))
        }
        var certificatesPending: [ResourceAddress: CertificateRecord] = [:]
        for (address, examination) in certificates.sorted(by: { $0.key < $1.key }) {
            let fail = { (message: String) in
                problems.append(
                    Diagnostic(
                        code: .adoptionRefused, location: examination.adopted.location,
                        fieldPath: AdoptedCertificateDocument.field,
                        message: "the certificate cannot be adopted: " + message
                    ))
            }
            let recorded = state.resources[address]?.platformID
            switch examination.outcome {
            case .success(let record) where recorded == record.serial: continue  // adopted before
            case _ where recorded != nil:
                fail(
                    "partner \(address.partnerID ?? "") has certificate \(recorded!) already; remove spec.adopt.certificate"
                )
            case .failure(let error): fail(error.message)
            case .success(let record):
                if let owner = state.resources.values.first(where: {
                    $0.address.kind == .certificate && $0.platformID == record.serial
                }) {
                    fail("serial \(record.serial) is \(owner.address) already")
                } else if let due = examination.renewalDaysLeft {
                    fail(
                        "it is due for renewal already (\(due) days left); remove spec.adopt.certificate and the partner gets a new one"
                    )
                } else if record.revocation != nil {
                    fail("serial \(record.serial) is revoked (\(record.revocation!.reason.rawValue))")
                } else {
                    certificatesPending[address] = record
                }
            }
        }
        var managedBy: [String: ResourceAddress] = [:]
        for record in state.resources.values where AdoptionCheck.adoptable.contains(record.address.kind) {
            managedBy[record.platformID] = record.address
        }
        let claims = Dictionary(grouping: adoptions.values, by: \.platformID)
        var pending: [ResourceAddress: PlatformDocument] = [:]
        for target in adoptions.values.sorted(by: { $0.location < $1.location }) {
            let partner = target.address.partnerID ?? ""
            if let owner = managedBy[target.platformID], owner != target.address {
                refuse(
                    target,
                    "\(target.platformID) is managed by onboard already, as \(owner); it cannot be adopted again")
                continue
            }
            if let recorded = state.resources[target.address] {
                if recorded.platformID != target.platformID {
                    refuse(
                        target,
                        "partner \(partner) already manages \(recorded.platformID) here; \(target.platformID) "
                            + "cannot be adopted in its place (remove \(target.field) once an import is applied)")
                }
                continue
            }
            if let others = claims[target.platformID], others.count > 1 {
                let other = others.first { $0.address != target.address }!
                refuse(
                    target,
                    "\(target.platformID) is adopted at \(other.location) too (\(other.address)); one object "
                        + "is adopted by one partner only")
                continue
            }
            guard let actual else {
                refuse(
                    target,
                    "\(target.platformID) can only be adopted after reading the platform: plan without --refresh=false")
                continue
            }
            guard let found = actual.adopted[target.address] else {
                refuse(
                    target,
                    target.address.kind == .client
                        ? "the OAuth server has no client \(target.platformID), or the registration access token given for it does not manage it"
                        : "\(target.platformID) does not exist on the FHIR server")
                continue
            }
            if let owner = foreignOwner(found.document, target) {
                refuse(target, "\(target.platformID) belongs to \(owner); onboard adopts only what no one else manages")
                continue
            }
            pending[target.address] = found
        }
        guard problems.isEmpty else {
            throw OnboardError(
                .adoptionRefused,
                "\(problems.count) object\(problems.count == 1 ? "" : "s") named in spec.adopt cannot be adopted; nothing was changed",
                diagnostics: Diagnostic.sortedForDisplay(problems)
            )
        }
        return (pending, certificatesPending)
    }

    /// The kinds `spec.adopt` can name.
    static let adoptable: Set<ResourceKind> = [.organization, .endpoint, .service, .affiliation, .client]

    /// Who else the object's marks say manages it: another deployment, or another partner (or endpoint) of this one.
    /// An object carrying this very partner's marks was adopted by an import that died before recording it.
    private func foreignOwner(_ document: JSONValue, _ target: AdoptionTarget) -> String? {
        let partner = target.address.partnerID ?? ""
        if target.address.kind == .client {
            guard let marker = (try? ClientMetadata(document: document))?.softwareID, marker.hasPrefix("onboard:") else {
                return nil
            }
            return marker == OwnershipMarks.softwareID(deployment: deployment, partner: partner)
                ? nil : "\(marker) (its software_id)"
        }
        if let other = OwnershipMarks.deployments(tagging: document).first(where: { $0 != deployment }) {
            return "onboard deployment \(other) (its meta.tag)"
        }
        let expected =
            switch target.address.kind {
            case .endpoint: "\(partner)/\(target.address.name ?? "")"
            case .service: "service/\(target.address.name ?? "")"
            default: partner
            }
        for identifier in document["identifier"]?.arrayValue ?? []
        where identifier["system"]?.stringValue == OwnershipMarks.identifierSystem {
            if let value = identifier["value"]?.stringValue, value != expected {
                return "partner \(value) (its identifier \(OwnershipMarks.identifierSystem))"
            }
        }
        return nil
    }
}
