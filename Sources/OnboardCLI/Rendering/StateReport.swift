import Foundation
import OnboardCore
import OnboardSpec

/// `onboard show` output.
enum StateReport {
    static func render(
        _ snapshot: StateSnapshot, network: PartnerNetwork, certificates: [CertificateRecord], now: Date
    ) -> String {
        var lines = ["state lineage \(snapshot.lineage), serial \(snapshot.serial), \(snapshot.resources.count) resources"]
        if let last = snapshot.lastApply {
            lines.append(
                "last apply #\(last.id) by \(last.actor) at \(CAReport.date(last.startedAt))"
                    + (last.gitCommit.map { " (commit \($0.prefix(12)))" } ?? "") + ": \(last.outcome)" + (last.counts.map { "; " + ChangeReasonText.describe($0) } ?? "")
            )
        } else {
            lines.append("nothing applied yet")
        }
        lines.append("")
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
                    let status = certificate.revocation.map { $0.reason == .certificateHold ? "on hold" : "revoked" }
                        ?? renewal.description
                    detail += ", expires \(CAReport.date(certificate.notAfter)), \(status)"
                }
                let name = record.address.kind == .endpoint ? "endpoint/\(record.address.name!)" : record.address.kind.rawValue
                lines.append("    \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(detail)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
