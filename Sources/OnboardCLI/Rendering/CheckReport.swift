import Foundation
import OnboardCore
import OnboardSpec

/// `onboard check` output: one line per problem for people and log scrapers; JSON for monitoring (docs/check-json.md).
enum CheckReport {
    static let schemaVersion = 1

    static func human(_ problems: [CheckProblem]) -> String {
        guard !problems.isEmpty else { return "ok: the platform matches the partner files and nothing is due" }
        // Messages may quote what the platform holds: one visible line each.
        return problems.map { TextRules.visible("\($0.code.rawValue): \(message($0))") }.joined(separator: "\n")
    }

    /// The line for people (and the JSON's `message`).
    static func message(_ problem: CheckProblem) -> String {
        switch problem {
        case .planned(let change):
            "\(change.address): \(change.action.rawValue) planned (\(change.reasons.map(ChangeReasonText.describe).joined(separator: "; ")))"
        case .unfinishedApply(let entry, let recorded, let steps):
            "apply #\(entry.id) by \(entry.actor) did not finish (\(entry.outcome.description.prefix(200))); "
                + "\(recorded) of its \(steps) changes are recorded; run apply to finish"
        case .auditPending(let id):
            "the audit records of apply #\(id) are not on the FHIR server yet; the next apply writes them"
        case .grantEnding(let partner, let grant, let until):
            "grant \(grant) of \(partner) ends at \(UTCInstant.text(until)); a new grant (onboard grant add) "
                + "continues the access"
        case .grantEndedInFile(let partner, let grant, let until):
            "grant \(grant) of \(partner) ended at \(UTCInstant.text(until)) and is still in its partner file; "
                + "take it out with onboard grant end --partner \(partner) --grant \(grant)"
        }
    }

    static func json(_ problems: [CheckProblem], deployment: String, at: Date) -> String {
        let document: JSONValue = [
            "schema_version": .number(Double(schemaVersion)),
            "deployment": .string(deployment),
            "checked_at": .string(ISO8601DateFormatter().string(from: at)),
            "ok": .bool(problems.isEmpty),
            "problems": .array(
                problems.map {
                    [
                        "code": .string($0.code.rawValue), "subject": .string($0.subject),
                        "message": .string(message($0)),
                    ]
                }),
        ]
        return document.prettyText
    }
}
