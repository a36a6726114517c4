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
            lines.append(
                style.green("No changes. The platform matches the partner files (\(plan.unchanged) resources)."))
            return lines.joined(separator: "\n")
        }
        for change in plan.changes {
            let reasons = ChangeReasonText.list(change.reasons)
            lines.append(
                "\(symbol(change.action)) \(style.bold(change.address.description))  \(change.action.rawValue)  (\(reasons))"
            )
            for field in change.fields.prefix(20) {
                switch FieldChangeText.shape(field, limit: Self.valueLimit) {
                case .inline(let before, let after):
                    lines.append("      \(field.path): \(before) → \(after)")
                case .lines(let diff):
                    lines.append("      \(field.path):")
                    lines += diff.map { "        " + colour($0) }
                }
            }
            if change.fields.count > 20 { lines.append("      … and \(change.fields.count - 20) more fields") }
        }
        lines += ["", summary(plan)]
        return lines.joined(separator: "\n")
    }

    func summary(_ plan: Plan) -> String {
        "Plan: " + (plan.count(.import) > 0 ? "\(plan.count(.import)) to import, " : "")
            + "\(plan.count(.create)) to create, \(plan.count(.update)) to update, \(plan.count(.replace)) to replace, "
            + "\(plan.count(.delete)) to delete; \(plan.unchanged) unchanged."
    }

    func symbol(_ action: ChangeAction) -> String {
        switch action {
        case .create: style.green("+")
        case .update: style.yellow("~")
        case .replace: style.paint("-/+", "1;35")
        case .delete: style.red("-")
        case .import: style.paint("<=", "1;36")
        }
    }

    /// A diff line in the colour of what happened to it.
    func colour(_ line: String) -> String {
        if line.hasPrefix("+") { return style.green(line) }
        if line.hasPrefix("-") { return style.red(line) }
        return line
    }
}
