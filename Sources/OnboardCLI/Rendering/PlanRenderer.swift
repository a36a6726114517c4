import Foundation
import OnboardCore

/// A plan for people: one line per change with its symbol, action and reasons, then the fields it moves.
struct PlanRenderer {
    let style: TerminalStyle
    /// Longest value shown before it is shortened; documents such as the gateway config are long.
    static let valueLimit = 120

    func render(_ plan: Plan) -> String {
        var lines = ["onboard plan for deployment \(plan.deployment) (state serial \(plan.serial))", ""]
        if !plan.hasChanges {
            lines.append(style.green("No changes. The platform matches the partner files (\(plan.unchanged) resources)."))
            return lines.joined(separator: "\n")
        }
        for change in plan.changes {
            let reasons = change.reasons.map(\.description).joined(separator: "; ")
            lines.append("\(symbol(change.action)) \(style.bold(change.address.description))  \(change.action.rawValue)  (\(reasons))")
            for field in change.fields.prefix(20) {
                lines.append("      \(field.path): \(Self.show(field.before)) → \(Self.show(field.after))")
            }
            if change.fields.count > 20 { lines.append("      … and \(change.fields.count - 20) more fields") }
        }
        lines += ["", summary(plan)]
        return lines.joined(separator: "\n")
    }

    func summary(_ plan: Plan) -> String {
        "Plan: \(plan.count(.create)) to create, \(plan.count(.update)) to update, \(plan.count(.replace)) to replace, "
            + "\(plan.count(.delete)) to delete; \(plan.unchanged) unchanged."
    }

    func symbol(_ action: ChangeAction) -> String {
        switch action {
        case .create: style.green("+")
        case .update: style.yellow("~")
        case .replace: style.paint("-/+", "1;35")
        case .delete: style.red("-")
        case .noop: " "
        }
    }

    /// A value on one line, shortened; absent values show as `(none)`.
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        var text = value.canonicalText.replacingOccurrences(of: "\n", with: "⏎")
        if text.count > valueLimit { text = String(text.prefix(valueLimit)) + "…" }
        return text
    }
}
