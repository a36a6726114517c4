import OnboardCore
import OnboardSpec

/// How one field change reads on screen: a long value elided around the place it changed (never cut at the same
/// prefix on both sides, which would hide the change), and multi-line text such as the gateway config as a
/// line-level unified diff. Shared by the human and markdown renderers.
enum FieldChangeText {
    /// Characters of unchanged text kept on each side of a change.
    static let context = 24
    /// Unchanged lines kept around each changed run in a line diff.
    static let contextLines = 2

    enum Shape {
        /// `before → after`, each one line.
        case inline(before: String, after: String)
        /// Unified-diff lines: ` ` unchanged, `-` removed, `+` added, `…` unchanged lines left out.
        case lines([String])
    }

    /// Values read back from the platform are anyone's who could write there: they show as visible text only.
    static func shape(_ field: FieldChange, limit: Int) -> Shape {
        if case .string(let before)? = field.before, case .string(let after)? = field.after,
            before.contains("\n") || after.contains("\n")
        {
            return .lines(lineDiff(before, after).map(TextRules.visible))
        }
        let inline = elided(field.before, field.after, limit: limit)
        guard case .inline(let before, let after) = inline else { return inline }
        return .inline(before: TextRules.visible(before), after: TextRules.visible(after))
    }

    /// Both values on one line; when either is too long, the common start and end are elided so the difference shows.
    static func elided(_ before: JSONValue?, _ after: JSONValue?, limit: Int) -> Shape {
        let old = before.map(oneLine), new = after.map(oneLine)
        guard let old, let new, old.count > limit || new.count > limit else {
            return .inline(
                before: old.map { cap($0, limit) } ?? "(none)", after: new.map { cap($0, limit) } ?? "(none)")
        }
        let a = Array(old), b = Array(new)
        let (prefix, suffix) = commonEnds(a, b)
        func window(_ chars: [Character]) -> String {
            let start = max(0, prefix - context), end = min(chars.count, chars.count - suffix + context)
            var text = String(chars[start..<end])
            if text.count > limit { text = String(text.prefix(limit)) + "…" }
            return (start > 0 ? "…" : "") + text + (end < chars.count && !text.hasSuffix("…") ? "…" : "")
        }
        return .inline(before: window(a), after: window(b))
    }

    /// A unified diff of two texts by line: the common head and tail are trimmed, the middle compared by longest
    /// common subsequence (or shown as removed-then-added when too large to compare), unchanged runs shortened.
    static func lineDiff(_ before: String, _ after: String) -> [String] {
        let a = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (head, tail) = commonEnds(a, b)
        let oldMiddle = Array(a[head..<(a.count - tail)]), newMiddle = Array(b[head..<(b.count - tail)])
        var ops: [String] = a[max(0, head - contextLines)..<head].map { " " + $0 }
        if head > contextLines { ops.insert("…", at: 0) }
        ops += compress(middle(oldMiddle, newMiddle))
        ops += a[(a.count - tail)..<min(a.count, a.count - tail + contextLines)].map { " " + $0 }
        if tail > contextLines { ops.append("…") }
        return ops
    }

    /// How many elements the two lists share at their start, and then at their end (not overlapping the start).
    private static func commonEnds<Element: Equatable>(_ a: [Element], _ b: [Element]) -> (head: Int, tail: Int) {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        return (head, tail)
    }

    /// Edit script of two line lists by LCS.
    private static func middle(_ a: [String], _ b: [String]) -> [String] {
        guard a.count * b.count <= 1_000_000 else { return a.map { "-" + $0 } + b.map { "+" + $0 } }
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var i = 0, j = 0, ops: [String] = []
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                ops.append(" " + a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                ops.append("+" + b[j]); j += 1
            } else {
                ops.append("-" + a[i]); i += 1
            }
        }
        return ops
    }

    /// Unchanged runs inside the middle longer than twice the context become `…`.
    private static func compress(_ ops: [String]) -> [String] {
        var out: [String] = [], run: [String] = []
        func flush() {
            if run.count > contextLines * 2 {
                out += run.prefix(contextLines) + ["…"] + run.suffix(contextLines)
            } else {
                out += run
            }
            run = []
        }
        for op in ops {
            if op.hasPrefix(" ") { run.append(op) } else { flush(); out.append(op) }
        }
        flush()
        return out
    }

    private static func oneLine(_ value: JSONValue) -> String {
        value.canonicalText.replacingOccurrences(of: "\n", with: "⏎")
    }

    private static func cap(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
