import Foundation
import OnboardCore
import OnboardSpec

/// `onboard check` output: one line per problem for people and log scrapers; JSON for monitoring (docs/check-json.md).
enum CheckReport {
    static let schemaVersion = 1

    static func human(_ problems: [CheckProblem]) -> String {
        guard !problems.isEmpty else { return "ok: the platform matches the partner files and nothing is due" }
        // Messages may quote what the platform holds: one visible line each.
        return problems.map { TextRules.visible("\($0.code.rawValue): \($0.message)") }.joined(separator: "\n")
    }

    static func json(_ problems: [CheckProblem], deployment: String, at: Date) -> String {
        let document: JSONValue = [
            "schema_version": .number(Double(schemaVersion)),
            "deployment": .string(deployment),
            "checked_at": .string(ISO8601DateFormatter().string(from: at)),
            "ok": .bool(problems.isEmpty),
            "problems": .array(problems.map {
                ["code": .string($0.code.rawValue), "subject": .string($0.subject), "message": .string($0.message)]
            }),
        ]
        return document.prettyText
    }
}
