import Foundation
import OnboardSpec

/// Compares desired state (the files), recorded state (what onboard applied) and actual state (what the platform
/// reports now) and decides, per resource address, whether to create, update, replace, delete or import it, and why.
public struct Planner: Sendable {
    public let desired: DesiredState
    public let state: StateSnapshot
    /// nil when planning without refresh (`--refresh=false`): recorded state is trusted.
    public let actual: ActualState?
    public let certificates: [CertificateRecord]
    public let crlNextUpdate: Date?
    public let now: Date
    public let allowRemoval: Bool
    /// The certificates partner files adopt, as the CA judged them.
    public let adoptedCertificates: [ResourceAddress: CertificateExamination]
    /// A CA rotation under way: the retiring CA's certificates are re-issued from the new one.
    public let rotation: CARotationStatus?

    public init(
        desired: DesiredState, state: StateSnapshot, actual: ActualState?, certificates: [CertificateRecord],
        crlNextUpdate: Date?, now: Date, allowRemoval: Bool,
        adoptedCertificates: [ResourceAddress: CertificateExamination] = [:], rotation: CARotationStatus? = nil
    ) {
        self.adoptedCertificates = adoptedCertificates
        self.rotation = rotation
        self.desired = desired
        self.state = state
        self.actual = actual
        self.certificates = certificates
        self.crlNextUpdate = crlNextUpdate
        self.now = now
        self.allowRemoval = allowRemoval
    }

    /// Renew the CRL when its next update is closer than this.
    public static let crlRenewalWindow: TimeInterval = 2 * 86_400

    public func plan(deployment: String, inputsDigest: String) throws(OnboardError) -> Plan {
        let inventory = Dictionary(certificates.map { ($0.serial, $0) }, uniquingKeysWith: { _, last in last })
        let appliedPartners = Set(state.resources.keys.compactMap(\.partnerID))
        let adopting = try AdoptionCheck(
            deployment: deployment, state: state, adoptions: desired.adoptions, actual: actual,
            certificates: adoptedCertificates
        ).pending()
        var changes: [PlannedChange] = []
        var unchanged = 0
        for (address, resource) in desired.resources where address != .gateway {
            let change =
                if let record = adopting.certificates[address] {
                    PlannedChange(
                        address: address, action: .import, reasons: [.adopted(platformID: record.serial)],
                        desired: resource.document,
                        adopting: record.serial
                    )
                } else if address.kind == .certificate {
                    certificateChange(resource, inventory: inventory, appliedPartners: appliedPartners)
                } else {
                    adopting.documents[address].map {
                        Self.importChange(resource, adopting: desired.adoptions[address]!, found: $0)
                    }
                        ?? documentChange(resource, appliedPartners: appliedPartners)
                }
            if let change { changes.append(change) } else { unchanged += 1 }
        }
        changes += try removals()
        // A client being adopted may carry this deployment's marker already (an import that died before recording it).
        for orphan in actual?.orphans ?? []
        where desired.adoptions[ResourceAddress(partner: orphan.partnerID, .client)]?.platformID != orphan.clientID {
            changes.append(
                PlannedChange(
                    address: orphan.address, action: .delete,
                    reasons: [.drift(.orphanClient(clientID: orphan.clientID))], desired: nil
                ))
        }
        if let gateway = desired.resources[.gateway] {
            if let change = documentChange(Self.withPendingClients(gateway, changes), appliedPartners: appliedPartners)
            {
                changes.append(change)
            } else {
                unchanged += 1
            }
        }
        changes = Self.withGrantReasons(changes)
        let crl = crlChange(changes, inventory: inventory)
        if let crl { changes.append(crl) } else { unchanged += 1 }
        return Plan(
            deployment: deployment, lineage: state.lineage, serial: state.serial, inputsDigest: inputsDigest,
            createdAt: now, changes: Self.ordered(changes), unchanged: unchanged
        )
    }

    /// Partner resources forward (certificate → … → capability), removals in reverse, then gateway and CRL last, since
    /// both depend on every certificate and partner change before them.
    static func ordered(_ changes: [PlannedChange]) -> [PlannedChange] {
        let global = changes.filter { $0.address.partnerID == nil && !$0.address.isHospital }
            .sorted { $0.address < $1.address }
        let hospital = changes.filter(\.address.isHospital)
        let partner = changes.filter { $0.address.partnerID != nil }
        let forward = partner.filter { $0.action != .delete }.sorted { $0.address < $1.address }
        let removals = partner.filter { $0.action == .delete }.sorted { $1.address < $0.address }
        // The hospital's services exist before the affiliations that name them, and go after them.
        return hospital.filter { $0.action != .delete }.sorted { $0.address < $1.address } + forward + removals
            + hospital.filter { $0.action == .delete }.sorted { $1.address < $0.address } + global
    }

    // MARK: - Documents (client, FHIR, gateway)

    /// The gateway document with the client ids of clients this plan registers anew marked as known after apply: the
    /// recorded ids would be stale, and the gateway must be rewritten once the new ids exist.
    static func withPendingClients(_ gateway: DesiredResource, _ changes: [PlannedChange]) -> DesiredResource {
        let pending = Set(
            changes.filter { $0.address.kind == .client && ($0.action == .create || $0.action == .replace) }
                .compactMap(\.address.partnerID))
        guard !pending.isEmpty, case .object(var document) = gateway.document,
            let configuration = document["config"]?.stringValue
        else { return gateway }
        document["config"] = .string(GatewayConfigBuilder.pendingClients(configuration, partners: pending))
        return DesiredResource(address: .gateway, document: .object(document))
    }

    /// Adopts an existing object in place: written once, at its own id and against the version read, with onboard's
    /// marks and the desired content — the fields shown are what the import changes on it. An adopted affiliation
    /// keeps the day it began (recorded from then on, like the first apply's day).
    static func importChange(
        _ resource: DesiredResource, adopting target: AdoptionTarget, found: PlatformDocument
    ) -> PlannedChange {
        var desired = resource.document
        if resource.address.kind == .affiliation, let start = found.document["period"]?["start"],
            case .object(var document) = desired, case .object(var period)? = document["period"]
        {
            period["start"] = start
            document["period"] = .object(period)
            desired = .object(document)
        }
        return PlannedChange(
            address: resource.address, action: .import, reasons: [.adopted(platformID: target.platformID)],
            fields: found.document.differences(to: desired), desired: desired,
            baseVersion: found.version, adopting: target.platformID
        )
    }

    private func documentChange(_ resource: DesiredResource, appliedPartners: Set<String>) -> PlannedChange? {
        let address = resource.address
        guard let recorded = state.resources[address] else {
            let reason: ChangeReason =
                address.partnerID.map { appliedPartners.contains($0) } == true
                ? .newResource
                : address.partnerID == nil ? .newResource : .newPartner
            return PlannedChange(address: address, action: .create, reasons: [reason], desired: resource.document)
        }
        let baseVersion = actual?.versions[address] ?? recorded.version
        if let actual {
            if actual.missing.contains(address) {
                return PlannedChange(
                    address: address, action: .create, reasons: [.drift(.missing)],
                    desired: resource.document
                )
            }
            if let current = actual.documents[address], current.canonicalText != recorded.canonical {
                return PlannedChange(
                    address: address, action: .update, reasons: [.drift(.changed)],
                    fields: current.differences(to: resource.document), desired: resource.document,
                    baseVersion: baseVersion
                )
            }
        }
        guard resource.canonical != recorded.canonical else { return nil }
        return PlannedChange(
            address: address, action: .update,
            reasons: transitionReasons(address.partnerID) ?? grantReason(address, desired: resource.document).map {
                [$0]
            }
                ?? [.changedFields],
            fields: recorded.document.differences(to: resource.document), desired: resource.document,
            baseVersion: baseVersion
        )
    }

    /// Why a recorded Consent changes status: its grant ended or left the file (nil for other changes).
    private func grantReason(_ address: ResourceAddress, desired document: JSONValue) -> ChangeReason? {
        guard address.kind == .grant, let grant = address.name, let partner = desired.partners[address.partnerID!],
            partner.status != .offboarded, ConsentBuilder.isActive(state.resources[address]?.document),
            !ConsentBuilder.isActive(document)
        else { return nil }
        return partner.grants.contains { $0.id == grant } ? .grantEnded(grant: grant) : .grantWithdrawn(grant: grant)
    }

    /// A grant that ends or is withdrawn also takes its scopes off the partner's client and its entry out of the
    /// gateway: those changes say so instead of only "changed fields".
    static func withGrantReasons(_ changes: [PlannedChange]) -> [PlannedChange] {
        var ending: [String: [ChangeReason]] = [:]
        for change in changes where change.address.kind == .grant {
            for reason in change.reasons {
                switch reason {
                case .grantEnded, .grantWithdrawn: ending[change.address.partnerID!, default: []].append(reason)
                default: break
                }
            }
        }
        guard !ending.isEmpty else { return changes }
        // Where grants are given in the same plan, the scopes change for that too: "changed fields" stays.
        let giving = Set(
            changes.filter { $0.address.kind == .grant && $0.action == .create }.compactMap(\.address.partnerID))
        func reasons(_ change: PlannedChange, _ ending: [ChangeReason], keep: Bool) -> PlannedChange {
            change.with(reasons: (keep ? change.reasons : []) + ending)
        }
        return changes.map { change in
            guard change.reasons == [.changedFields] else { return change }
            switch change.address.kind {
            case .client:
                let partner = change.address.partnerID!
                return ending[partner].map { reasons(change, $0, keep: giving.contains(partner)) } ?? change
            case .gateway:
                return reasons(change, ending.keys.sorted().flatMap { ending[$0]! }, keep: !giving.isEmpty)
            default: return change
            }
        }
    }

    // MARK: - Certificates

    private func certificateChange(
        _ resource: DesiredResource, inventory: [String: CertificateRecord], appliedPartners: Set<String>
    ) -> PlannedChange? {
        let address = resource.address
        guard let recorded = state.resources[address] else {
            let reason: ChangeReason = appliedPartners.contains(address.partnerID!) ? .newResource : .newPartner
            return PlannedChange(address: address, action: .create, reasons: [reason], desired: resource.document)
        }
        let wanted = CertificateDocument.status(resource.document) ?? .active
        guard let record = inventory[recorded.platformID] else {
            // An offboarded partner's certificate no CA in use knows any more (a retired CA's): nothing to revoke
            // here, and nothing to issue.
            if wanted == .revoked { return nil }
            return PlannedChange(
                address: address, action: .replace,
                reasons: [.drift(.notInInventory(serial: recorded.platformID))],
                desired: resource.document
            )
        }
        let current = CertificateDocument.status(of: record)
        let profileChanges =
            resource.canonical == recorded.canonical
            ? []
            : CertificateDocument.profile(recorded.document).differences(
                to: CertificateDocument.profile(resource.document))
        if wanted != .revoked {
            if !profileChanges.isEmpty {
                return PlannedChange(
                    address: address, action: .replace, reasons: [.changedFields], fields: profileChanges,
                    desired: resource.document
                )
            }
            if current == .revoked {
                return PlannedChange(
                    address: address, action: .replace,
                    reasons: [.drift(.revokedOutside(serial: record.serial))],
                    desired: resource.document
                )
            }
            if let rotation, rotation.retiringSerials.contains(record.serial) {
                return PlannedChange(
                    address: address, action: .replace, reasons: [.caRotation(deadline: rotation.deadline)],
                    desired: resource.document
                )
            }
            let renewBefore = desired.partners[address.partnerID!]?.renewBeforeDays
            let renewal = RenewalPolicy.status(of: record, renewBeforeDays: renewBefore, now: now)
            if renewal.isDue {
                return PlannedChange(
                    address: address, action: .replace, reasons: [.renewalDue(daysLeft: renewal.daysLeft)],
                    desired: resource.document
                )
            }
        }
        guard wanted != current else { return nil }
        let reason: ChangeReason =
            switch wanted {
            case .hold: .suspended
            case .active: .resumed
            case .revoked: .offboarded
            }
        return PlannedChange(
            address: address, action: .update, reasons: [reason],
            fields: [FieldChange(path: "status", before: .string(current.rawValue), after: .string(wanted.rawValue))],
            desired: resource.document
        )
    }

    /// The partner-level reason for updates of its resources (suspension, resumption, offboarding), if any.
    private func transitionReasons(_ partnerID: String?) -> [ChangeReason]? {
        guard let partnerID, let partner = desired.partners[partnerID] else { return nil }
        let recordedStatus = state.resources[ResourceAddress(partner: partnerID, .certificate)]
            .flatMap { CertificateDocument.status($0.document) }
        switch (partner.status, recordedStatus) {
        case (.offboarded, let status) where status != .revoked: return [.offboarded]
        case (.suspended, .active?): return [.suspended]
        case (.active, .hold?): return [.resumed]
        default: return nil
        }
    }

    // MARK: - Removals

    private func removals() throws(OnboardError) -> [PlannedChange] {
        var changes: [PlannedChange] = []
        var refused: [String: Int] = [:]
        // One pass over what state records (tens of thousands of addresses); `plan` orders the changes afterwards.
        for address in state.resources.keys where desired.resources[address] == nil {
            guard let partnerID = address.partnerID else {
                if address.isHospital {
                    changes.append(
                        PlannedChange(address: address, action: .delete, reasons: [.removedFromFiles], desired: nil))
                }
                continue
            }
            if let partner = desired.partners[partnerID] {
                let reason: ChangeReason = partner.status == .offboarded ? .offboarded : .removedFromFiles
                changes.append(PlannedChange(address: address, action: .delete, reasons: [reason], desired: nil))
            } else if allowRemoval {
                changes.append(
                    PlannedChange(address: address, action: .delete, reasons: [.removedFromFiles], desired: nil))
            } else {
                refused[partnerID, default: 0] += 1
            }
        }
        guard refused.isEmpty else {
            let partners = refused.keys.sorted().map { "\($0) (\(refused[$0]!) resources applied)" }
            throw OnboardError(
                .removalRefused,
                "partner files were removed but their resources are still applied: \(partners.joined(separator: ", ")). "
                    + "To offboard a partner keep its file with `status: offboarded` (revokes, removes the client, "
                    + "keeps history); to delete everything onboard applied for it, run plan/apply with --allow-removal."
            )
        }
        return changes
    }

    // MARK: - CRL

    /// A retiring CA's certificate replaced during a rotation stays valid until the deadline (its partner may not
    /// have installed the new one yet): it is not on the CRL the plan expects.
    private func supersededLater(_ serial: String) -> Bool {
        guard let rotation else { return false }
        return rotation.retiringSerials.contains(serial) && now < rotation.deadline
    }

    /// The CRL must list exactly the certificates that will be revoked or held once the plan is applied.
    private func crlChange(_ changes: [PlannedChange], inventory: [String: CertificateRecord]) -> PlannedChange? {
        var revoked: [String: String] = [:]
        for record in certificates {
            if let revocation = record.revocation { revoked[record.serial] = revocation.reason.rawValue }
        }
        for change in changes where change.address.kind == .certificate {
            guard let serial = state.resources[change.address]?.platformID, inventory[serial] != nil else { continue }
            let existing = inventory[serial]?.revocation?.reason
            let final = existing != nil && existing != .certificateHold
            switch (change.action, change.desired.flatMap(CertificateDocument.status)) {
            case (.replace, let status) where supersededLater(serial):
                // The old certificate stays valid; a new one for a suspended partner is held from the start.
                if status == .hold, let partner = change.address.partnerID {
                    revoked["(new certificate of \(partner))"] = RevocationReason.certificateHold.rawValue
                }
            case (.replace, _) where !final: revoked[serial] = RevocationReason.superseded.rawValue
            case (.update, .hold?) where !final: revoked[serial] = RevocationReason.certificateHold.rawValue
            case (.update, .active?) where existing == .certificateHold: revoked[serial] = nil
            case (.update, .revoked?) where !final: revoked[serial] = RevocationReason.cessationOfOperation.rawValue
            case (.delete, _) where !final: revoked[serial] = RevocationReason.cessationOfOperation.rawValue
            default: break
            }
        }
        let document = CRLDocument.make(revoked)
        guard let recorded = state.resources[.crl] else {
            return PlannedChange(address: .crl, action: .create, reasons: [.newResource], desired: document)
        }
        if recorded.document != document {
            return PlannedChange(
                address: .crl, action: .update, reasons: [.changedFields],
                fields: recorded.document.differences(to: document), desired: document
            )
        }
        guard let nextUpdate = crlNextUpdate else {
            return PlannedChange(address: .crl, action: .update, reasons: [.drift(.noCRL)], desired: document)
        }
        if nextUpdate.timeIntervalSince(now) < Self.crlRenewalWindow {
            let days = Int((nextUpdate.timeIntervalSince(now) / 86_400).rounded(.down))
            return PlannedChange(
                address: .crl, action: .update, reasons: [.crlExpiring(daysLeft: days)], desired: document)
        }
        return nil
    }
}
