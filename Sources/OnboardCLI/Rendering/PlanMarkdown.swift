import OnboardCore

/// A plan as a pull-request comment: a summary line, a table of changes, and field changes folded per resource.
/// Kept under GitHub's 65,536-character comment limit by truncating the detail, never the table.
enum PlanMarkdown {
    static let limit = 60_000

    static func render(_ plan: Plan) -> String {
        var text = "### onboard plan — `\(plan.deployment)`\n\n"
        guard plan.hasChanges else {
            return text + "**No changes.** The platform matches the partner files (\(plan.unchanged) resources).\n"
        }
        if plan.count(.import) > 0 { text += "**\(plan.count(.import))** to import, " }
        text +=
            "**\(plan.count(.create))** to create, **\(plan.count(.update))** to update, "
            + "**\(plan.count(.replace))** to replace, **\(plan.count(.delete))** to delete; \(plan.unchanged) unchanged.\n\n"
        text += "| | resource | action | why |\n|---|---|---|---|\n"
        for change in plan.changes {
            let icon =
                switch change.action {
                case .create: "➕"
                case .update: "✏️"
                case .replace: "♻️"
                case .delete: "🗑️"
                case .import: "📥"
                }
            text +=
                "| \(icon) | `\(change.address)` | \(change.action.rawValue) | \(ChangeReasonText.list(change.reasons).replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        var details = ""
        for change in plan.changes where !change.fields.isEmpty {
            details += "<details><summary><code>\(change.address)</code>: \(change.fields.count) field(s)</summary>\n\n"
            for field in change.fields.prefix(30) {
                switch FieldChangeText.shape(field, limit: PlanRenderer.valueLimit) {
                case .inline(let before, let after):
                    details += "- `\(field.path)`: `\(code(before))` → `\(code(after))`\n"
                case .lines(let diff):
                    details += "- `\(field.path)`:\n\n  ```diff\n" + diff.map { "  \(code($0))\n" }.joined() + "  ```\n"
                }
            }
            details += "\n</details>\n"
        }
        if text.count + details.count > limit {
            details = "\n_Field details omitted to fit a comment; run `onboard plan` for them._\n"
        }
        return text + "\n" + details + "\n_State serial \(plan.serial), lineage `\(plan.lineage)`._\n"
    }

    /// Text safe inside a markdown code span or fence.
    static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'")
    }
}
