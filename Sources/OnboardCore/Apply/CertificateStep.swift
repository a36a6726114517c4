import Foundation
import OnboardSpec

/// Applies a certificate change through the CA: issue (adopting a certificate already issued for the same request by
/// an interrupted apply), replace (issue, then revoke the old one as superseded), hold, release or revoke.
struct CertificateStep {
    let ports: PlatformPorts
    let deployment: DeploymentInput

    func execute(
        _ change: PlannedChange, partner: PartnerInput?, recorded: ResourceRecord?, now: Date
    ) async throws -> String? {
        let ca = ports.ca
        let address = change.address
        if change.action == .delete {
            if let serial = recorded?.platformID { try await revokeIfUsable(serial, reason: .cessationOfOperation) }
            try await ports.state.remove(address)
            return nil
        }
        guard let document = change.desired, let wanted = CertificateDocument.status(document) else { return nil }
        var serial = recorded?.platformID
        if change.action == .import {
            guard let partner, let adopted = partner.adoptedCertificate else {
                throw OnboardError(.unknownSerial, "no certificate of \(address.partnerID ?? "?") to adopt")
            }
            serial = try await ca.adopt(adopted.pem, partnerID: partner.id, deployment: deployment.name).serial
            try await ports.output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitCertificate), text: adopted.pem)
        }
        if change.action == .create || change.action == .replace {
            guard let partner else {
                throw OnboardError(.unknownSerial, "no partner \(address.partnerID ?? "?") to issue for")
            }
            let adoptable = adoptable(
                in: try await issuable(), for: partner, replacing: recorded?.platformID, now: now)
            if let adoptable {
                serial = adoptable.serial
            } else {
                let issued = try await CAAdministration(ca: ca, output: ports.output).issue(
                    for: partner, in: deployment)
                serial = issued.record.serial
            }
            if let old = recorded?.platformID, old != serial { try await revokeIfUsable(old, reason: .superseded) }
        }
        guard let serial else { return nil }
        let current = try await ca.inventory().first { $0.serial == serial }.map(CertificateDocument.status(of:))
        switch (wanted, current) {
        case (.hold, .active?): _ = try await ca.revoke(serial: serial, reason: .certificateHold)
        case (.active, .hold?): _ = try await ca.release(serial: serial)
        case (.revoked, let status) where status != .revoked:
            _ = try await ca.revoke(serial: serial, reason: .cessationOfOperation)
        default: break
        }
        if wanted == .revoked, let partner = address.partnerID { try await revokeRetiring(of: partner) }
        try await ports.state.save(
            ResourceRecord(address: address, platformID: serial, document: document, appliedAt: now))
        return serial
    }

    /// Certificate creates for many new partners at once: what an interrupted apply already issued for the same
    /// request is adopted, the rest issued in one CA write (and written to their kits), those of suspended partners
    /// put on hold, and each recorded in state. Returns the serials in the order of `changes`.
    func createAll(_ changes: [PlannedChange], partners: [PartnerInput], now: Date) async throws -> [String] {
        let inventory = try await issuable()
        var serials: [String?] = changes.map { _ in nil }
        var toIssue: [(position: Int, partner: PartnerInput)] = []
        for (position, partner) in partners.enumerated() {
            if let adopted = adoptable(in: inventory, for: partner, replacing: nil, now: now) {
                serials[position] = adopted.serial
            } else {
                toIssue.append((position, partner))
            }
        }
        let issued = try await CAAdministration(ca: ports.ca, output: ports.output).issue(
            for: toIssue.map(\.partner), in: deployment)
        for (entry, certificate) in zip(toIssue, issued) { serials[entry.position] = certificate.record.serial }
        var records: [ResourceRecord] = []
        for (change, serial) in zip(changes, serials) {
            guard let serial, let document = change.desired else { continue }
            if CertificateDocument.status(document) == .hold {
                try await revokeIfUsable(serial, reason: .certificateHold)
            }
            records.append(
                ResourceRecord(address: change.address, platformID: serial, document: document, appliedAt: now))
        }
        try await ports.state.saveAll(records)
        return serials.compactMap { $0 }
    }

    /// The inventory an issuance may adopt from: during a CA rotation, the new CA's certificates only.
    private func issuable() async throws -> [CertificateRecord] {
        let retiring = try await ports.ca.rotation()?.retiringSerials ?? []
        return try await ports.ca.inventory().filter { !retiring.contains($0.serial) }
    }

    /// A usable certificate issued for exactly this request (an interrupted apply's), not yet due for renewal.
    private func adoptable(
        in inventory: [CertificateRecord], for partner: PartnerInput, replacing: String?, now: Date
    ) -> CertificateRecord? {
        let request = CertificateIssueRequest(partner: partner, deployment: deployment)
        return inventory.last {
            $0.partnerID == partner.id && $0.requestDigest == request.requestDigest && $0.serial != replacing
                && $0.isUsable(at: now)
                && !RenewalPolicy.status(of: $0, renewBeforeDays: partner.renewBeforeDays, now: now).isDue
        }
    }

    /// During a CA rotation an offboarded partner's old certificate, superseded but valid until the deadline, is
    /// revoked too.
    private func revokeRetiring(of partner: String) async throws {
        guard let retiring = try await ports.ca.rotation()?.retiringSerials else { return }
        for record in try await ports.ca.inventory()
        where record.partnerID == partner && retiring.contains(record.serial) && record.revocation == nil {
            _ = try await ports.ca.revoke(serial: record.serial, reason: .cessationOfOperation)
        }
    }

    private func revokeIfUsable(_ serial: String, reason: RevocationReason) async throws {
        guard let record = try await ports.ca.inventory().first(where: { $0.serial == serial }) else { return }
        if record.revocation == nil || record.revocation?.reason == .certificateHold {
            _ = try await ports.ca.revoke(serial: serial, reason: reason)
        }
    }
}
