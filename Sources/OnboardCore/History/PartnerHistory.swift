import Foundation

/// Builds partner timelines from the journal and the CA inventory, oldest first.
public enum PartnerHistory {
    /// Every change of `partner` (all partners when nil) since `since`, with the revocations the CA holds that no
    /// apply made (`onboard ca revoke`).
    public static func entries(
        journal: [JournalRecord], certificates: [CertificateRecord], partner: String? = nil, since: Date? = nil
    ) -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        var revokedByApply: Set<String> = []
        for record in journal {
            let events = PartnerEvent.events(in: record.steps)
            for step in record.steps {
                guard let partnerID = step.partnerID, partner == nil || partnerID == partner else { continue }
                let stepEvents = events.filter { $0.step.index == step.index }
                let kinds = stepEvents.map(\.kind)
                if kinds.contains(.certificateRevoked) || kinds.contains(.certificateRenewed),
                    let serial = step.previousPlatformID
                {
                    revokedByApply.insert(serial)
                }
                if kinds.contains(.certificateHeld), let serial = step.previousPlatformID {
                    revokedByApply.insert(serial)
                }
                entries.append(
                    HistoryEntry(
                        at: step.at, partnerID: partnerID, source: .apply, applyID: record.entry.id,
                        actor: record.entry.actor,
                        gitCommit: record.entry.gitCommit, address: step.address, action: step.action,
                        reasons: step.reasons,
                        events: kinds, status: step.status, platformID: step.platformID ?? step.previousPlatformID,
                        routeServices: stepEvents.compactMap(\.service), grants: stepEvents.compactMap(\.grant)
                    ))
            }
        }
        for certificate in certificates where partner == nil || certificate.partnerID == partner {
            guard let revocation = certificate.revocation, !revokedByApply.contains(certificate.serial) else {
                continue
            }
            // A replacement's superseded revocation is the apply's doing too.
            guard revocation.reason != .superseded else { continue }
            entries.append(
                HistoryEntry(
                    at: revocation.date, partnerID: certificate.partnerID, source: .ca, applyID: nil, actor: nil,
                    gitCommit: nil,
                    address: nil, action: nil, reasons: [],
                    events: [revocation.reason == .certificateHold ? .certificateHeld : .certificateRevoked],
                    status: .done, platformID: certificate.serial, revocationReason: revocation.reason
                ))
        }
        // By time; entries of the same moment keep their journal order.
        return entries.enumerated().filter { since == nil || $0.element.at >= since! }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
