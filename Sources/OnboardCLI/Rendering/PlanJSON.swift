import Foundation
import OnboardCore

/// `plan --json`: the documented, versioned plan schema (docs/plan-json.md). Documents themselves are not included,
/// only the fields that change.
enum PlanJSON {
    static let schemaVersion = 1

    static func render(_ plan: Plan, timings: RunTimings? = nil) -> String {
        let changes: [JSONValue] = plan.changes.map { change in
            var entry: JSONValue = [
                "address": .string(change.address.description),
                "kind": .string(change.address.kind.rawValue),
                "partner": change.address.partnerID.map(JSONValue.string) ?? .null,
                "action": .string(change.action.rawValue),
                "reasons": .array(
                    change.reasons.map {
                        ["code": .string($0.code), "message": .string(ChangeReasonText.describe($0))]
                    }),
                "fields": .array(
                    change.fields.map {
                        ["path": .string($0.path), "before": $0.before ?? .null, "after": $0.after ?? .null]
                    }),
            ]
            if let adopting = change.adopting, case .object(var object) = entry {
                object["adopting"] = .string(adopting)
                entry = .object(object)
            }
            return entry
        }
        let document: JSONValue = [
            "schema_version": .number(Double(schemaVersion)),
            "deployment": .string(plan.deployment),
            "lineage": .string(plan.lineage),
            "serial": .number(Double(plan.serial)),
            "inputs_digest": .string(plan.inputsDigest),
            "created_at": .string(ISO8601DateFormatter().string(from: plan.createdAt)),
            "summary": [
                "create": .number(Double(plan.count(.create))), "update": .number(Double(plan.count(.update))),
                "replace": .number(Double(plan.count(.replace))), "delete": .number(Double(plan.count(.delete))),
                "import": .number(Double(plan.count(.import))), "unchanged": .number(Double(plan.unchanged)),
            ],
            "changes": .array(changes),
        ]
        guard case .object(var object) = document, let timings else { return document.prettyText }
        object["timings"] = timings.json
        return JSONValue.object(object).prettyText
    }
}
