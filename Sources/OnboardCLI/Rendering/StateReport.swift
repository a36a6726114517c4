import Foundation
import OnboardCore
import OnboardSpec

/// `onboard show` output.
enum StateReport {
    static func render(
        _ snapshot: StateSnapshot, network: PartnerNetwork, certificates: [CertificateRecord], now: Date
    ) -> String {
        var lines = [
            "state lineage \(snapshot.lineage), serial \(snapshot.serial), \(snapshot.resources.count) resources"
        ]
        if let last = snapshot.lastApply {
            lines.append(
                "last apply #\(last.id) by \(last.actor) at \(CAReport.date(last.startedAt))"
                    + (last.gitCommit.map { " (commit \($0.prefix(12)))" } ?? "") + ": \(last.outcome)"
                    + (last.counts.map { "; " + ChangeReasonText.describe($0) } ?? "")
            )
        } else {
            lines.append("nothing applied yet")
        }
        lines.append("")
        let hospital = snapshot.resources.values.filter(\.address.isHospital).sorted { $0.address < $1.address }
        if !hospital.isEmpty {
            lines.append("hospital")
            for record in hospital {
                let name = "\(record.address.kind.rawValue)/\(record.address.name!)"
                lines.append(row(name, record.platformID))
            }
        }
        let byPartner = Dictionary(grouping: snapshot.resources.values.filter { $0.address.partnerID != nil }) {
            $0.address.partnerID!
        }
        let inventory = Dictionary(certificates.map { ($0.serial, $0) }, uniquingKeysWith: { _, last in last })
        for partnerID in byPartner.keys.sorted() {
            let records = byPartner[partnerID]!
            let declared = network.partners.first { $0.id == partnerID }
            lines.append("\(partnerID)  [\(declared?.spec.status.value.rawValue ?? "file removed")]")
            for record in records.sorted(by: { $0.address < $1.address }) {
                var detail = record.platformID
                if record.address.kind == .certificate, let certificate = inventory[record.platformID] {
                    let renewal = RenewalPolicy.status(
                        of: certificate, renewBeforeDays: declared?.spec.certificate.renewBeforeDays?.value, now: now
                    )
                    let status =
                        certificate.revocation.map { $0.reason == .certificateHold ? "on hold" : "revoked" }
                        ?? ChangeReasonText.describe(renewal)
                    detail += ", expires \(CAReport.date(certificate.notAfter)), \(status)"
                }
                if record.address.kind == .grant {
                    // A grant's Consent: its patient, types and window as applied, and whether it is still open.
                    let consent = record.document
                    let period = consent["provision"]?["period"]
                    let types = (consent["provision"]?["class"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
                    detail +=
                        ", \(consent["patient"]?["reference"]?.stringValue ?? "?") \(types.joined(separator: ","))"
                        + " until \(period?["end"]?.stringValue ?? "?"), \(consent["status"]?.stringValue ?? "?")"
                }
                let name =
                    [.endpoint, .service, .grant].contains(record.address.kind)
                    ? "\(record.address.kind.rawValue)/\(record.address.name!)" : record.address.kind.rawValue
                lines.append(row(name, detail))
            }
            if let declared, declared.spec.status.value == .offboarded,
                !records.contains(where: { $0.address.kind == .client })
            {
                let deleted = clientDeletion(declared, clients: network.deployment?.targets.clients)
                lines.append(row("client", deleted))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One resource under its owner: the name in a column, then what it is.
    private static func row(_ name: String, _ detail: String) -> String {
        "    \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(detail)"
    }

    /// What deleting an offboarded partner's client did on the OAuth server, which decides it: glewlwyd keeps a
    /// client deleted through RFC 7592, disabled.
    static func clientDeletion(_ partner: Partner, clients: ClientTargetSettings?) -> String {
        guard let clients else { return "deleted (its registration file removed)" }
        switch (clients.scopeAdministration?.server, partner.spec.access.auth.value) {
        case (.glewlwyd?, .tlsClientAuth): return "deleted through glewlwyd's admin API (removed)"
        case (.glewlwyd?, _):
            return
                "deleted through RFC 7592: glewlwyd keeps such a client, disabled (it can get no token), rather than removing it"
        case (nil, _): return "deleted through RFC 7592 (the OAuth server may keep it, disabled)"
        }
    }
}
