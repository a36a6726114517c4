import Foundation
import OnboardCore

/// `onboard history` output: for people, grouped by apply; as JSON (docs/history-json.md), one object per entry.
enum HistoryReport {
    static let schemaVersion = 1

    static func human(_ entries: [HistoryEntry], partner: String?) -> String {
        guard !entries.isEmpty else { return partner.map { "nothing recorded for \($0)" } ?? "nothing recorded yet" }
        var lines: [String] = []
        var group: String?
        for entry in entries {
            let heading =
                entry.applyID.map { id in
                    "apply #\(id) by \(entry.actor ?? "-")"
                        + (entry.gitCommit.map { " (commit \($0.prefix(12)))" } ?? "")
                } ?? "onboard ca (outside any apply)"
            if heading != group {
                if group != nil { lines.append("") }
                lines.append(heading)
                group = heading
            }
            var text = "  \(CAReport.date(entry.at))  "
            if let address = entry.address, let action = entry.action {
                text += "\(address)  \(action.rawValue)"
                if !entry.reasons.isEmpty { text += "  (\(ChangeReasonText.list(entry.reasons)))" }
            } else {
                text += "partner/\(entry.partnerID)/certificate  \(entry.revocationReason?.rawValue ?? "revoked")"
            }
            if !entry.events.isEmpty {
                // Route events name their service: `route-added HealthcareService/cardiology`.
                // Route events name their service, grant events their grant: `grant-given consult-0042`.
                var services = entry.routeServices.makeIterator()
                var grants = entry.grants.makeIterator()
                text +=
                    "  — "
                    + entry.events.map { kind in
                        switch kind {
                        case .routeAdded, .routeRemoved: "\(kind.rawValue) \(services.next() ?? "")"
                        case .grantGiven, .grantEnded, .grantWithdrawn: "\(kind.rawValue) \(grants.next() ?? "")"
                        default: kind.rawValue
                        }
                    }.joined(separator: ", ")
            }
            if entry.address?.kind == .certificate || entry.source == .ca, let serial = entry.platformID {
                text += " [serial \(serial)]"
            }
            if entry.status != .done { text += "  [\(entry.status == .failed ? "failed" : "not finished")]" }
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ entries: [HistoryEntry], partner: String?, since: Date?) -> String {
        let formatter = ISO8601DateFormatter()
        let items: [JSONValue] = entries.map { entry in
            [
                "at": .string(formatter.string(from: entry.at)),
                "partner": .string(entry.partnerID),
                "source": .string(entry.source.rawValue),
                "apply_id": entry.applyID.map { .number(Double($0)) } ?? .null,
                "actor": entry.actor.map(JSONValue.string) ?? .null,
                "git_commit": entry.gitCommit.map(JSONValue.string) ?? .null,
                "address": entry.address.map { .string($0.description) } ?? .null,
                "action": entry.action.map { .string($0.rawValue) } ?? .null,
                "reasons": .array(
                    entry.reasons.map { ["code": .string($0.code), "message": .string(ChangeReasonText.describe($0))] }),
                "events": .array(entry.events.map { .string($0.rawValue) }),
                "route_services": .array(entry.routeServices.map(JSONValue.string)),
                "grants": .array(entry.grants.map(JSONValue.string)),
                "status": .string(entry.status.rawValue),
                "platform_id": entry.platformID.map(JSONValue.string) ?? .null,
                "revocation_reason": entry.revocationReason.map { .string($0.rawValue) } ?? .null,
            ]
        }
        let document: JSONValue = [
            "schema_version": .number(Double(schemaVersion)),
            "partner": partner.map(JSONValue.string) ?? .null,
            "since": since.map { .string(formatter.string(from: $0)) } ?? .null,
            "entries": .array(items),
        ]
        return document.prettyText
    }

    /// `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 time.
    static func date(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
