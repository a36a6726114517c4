import Foundation

/// Adds a grant to a partner file, or takes one out, as a person would edit it: every other line — comments, blank
/// lines, the order and style of the rest — stays as it was. Works on block YAML (`grants:` as a block list, items
/// block or flow mappings), the layout onboard's own files and `onboard import` use.
public enum GrantFileEditor {
    /// Why the file cannot be edited by line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The grant as the lines of one list item, in the partner file's field order.
    public static func entry(
        id: String, patient: String, resources: [String], interactions: String, purpose: String, basis: String?,
        from: Date, until: Date
    ) -> [String] {
        var lines = [
            "- id: \(id)", "  patient: \(patient)", "  resources: [\(resources.joined(separator: ", "))]",
            "  interactions: \(interactions)", "  purpose: \(purpose)",
        ]
        if let basis { lines.append("  basis: \(basis)") }
        lines += ["  from: \(UTCInstant.text(from))", "  until: \(UTCInstant.text(until))"]
        return lines
    }

    /// `text` with `entry` appended to `spec.grants` (the key is added at the end of `spec` when there is none).
    public static func adding(_ entry: [String], to text: String) throws(Problem) -> String {
        var lines = text.components(separatedBy: "\n")
        let spec = try specBlock(lines)
        if let grants = grantsKey(lines, in: spec) {
            let block = try grantsBlock(lines, key: grants)
            let indent = block.itemIndent ?? grants.indent + 2
            lines.insert(contentsOf: entry.map { String(repeating: " ", count: indent) + $0 }, at: block.end)
        } else {
            let indent = spec.childIndent
            let added =
                [String(repeating: " ", count: indent) + "grants:"]
                + entry.map { String(repeating: " ", count: indent + 2) + $0 }
            lines.insert(contentsOf: added, at: spec.end)
        }
        return lines.joined(separator: "\n")
    }

    /// `text` without the grant `id` (and without `grants:` when it was the last one); nil when there is no such grant.
    public static func removing(_ id: String, from text: String) throws(Problem) -> String? {
        var lines = text.components(separatedBy: "\n")
        let spec = try specBlock(lines)
        guard let grants = grantsKey(lines, in: spec) else { return nil }
        let block = try grantsBlock(lines, key: grants)
        guard let indent = block.itemIndent else { return nil }
        var starts: [Int] = []
        for index in grants.line + 1..<block.end where Self.indent(lines[index]) == indent {
            if lines[index].dropFirst(indent).hasPrefix("-") { starts.append(index) }
        }
        let pattern = try! NSRegularExpression(
            pattern: "(^|[{,\\s-])id:\\s*[\"']?" + NSRegularExpression.escapedPattern(for: id) + "[\"']?\\s*($|[,}#])")
        // An item owns the comment lines right above it: they go with it.
        func leading(_ start: Int) -> Int {
            var first = start
            while first - 1 > grants.line, Self.indent(lines[first - 1]) >= indent,
                lines[first - 1].drop(while: { $0 == " " }).hasPrefix("#")
            {
                first -= 1
            }
            return first
        }
        for (position, start) in starts.enumerated() {
            let end = position + 1 < starts.count ? leading(starts[position + 1]) : block.end
            let matches = lines[start..<end].contains { line in
                pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
            }
            guard matches else { continue }
            if starts.count == 1 {
                lines.removeSubrange(grants.line..<block.end)
            } else {
                lines.removeSubrange(leading(start)..<end)
            }
            return lines.joined(separator: "\n")
        }
        return nil
    }

    // MARK: - Lines

    private struct Key {
        let line: Int
        let indent: Int
    }

    private struct SpecBlock {
        /// The first line after the block (where a key added at its end goes).
        let end: Int
        let childIndent: Int
        let start: Int
    }

    private static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// A line that holds YAML content (not blank, not only a comment).
    private static func isContent(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    private static func specBlock(_ lines: [String]) throws(Problem) -> SpecBlock {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("spec:") }) else {
            throw Problem(description: "the file has no top-level spec: key")
        }
        guard lines[start].drop(while: { $0 != ":" }).dropFirst().allSatisfy({ $0 == " " }) else {
            throw Problem(description: "spec is written in flow style ({...}); write it as a block mapping")
        }
        var last = start
        var childIndent: Int?
        for index in start + 1..<lines.count where isContent(lines[index]) {
            let indent = indent(lines[index])
            if indent == 0 { break }
            if childIndent == nil { childIndent = indent }
            last = index
        }
        return SpecBlock(end: last + 1, childIndent: childIndent ?? 2, start: start)
    }

    private static func grantsKey(_ lines: [String], in spec: SpecBlock) -> Key? {
        for index in spec.start + 1..<spec.end {
            let line = lines[index]
            if indent(line) == spec.childIndent, line.dropFirst(spec.childIndent).hasPrefix("grants:") {
                return Key(line: index, indent: spec.childIndent)
            }
        }
        return nil
    }

    /// The list under `grants:`: where it ends and the indentation of its items (nil for an empty block).
    private static func grantsBlock(_ lines: [String], key: Key) throws(Problem) -> (end: Int, itemIndent: Int?) {
        let rest = lines[key.line].dropFirst(key.indent + "grants:".count).drop { $0 == " " }
        guard rest.isEmpty || rest.hasPrefix("#") else {
            throw Problem(
                description: "spec.grants is written in flow style ([...]); write it as a block list to edit it here")
        }
        var end = key.line + 1
        var itemIndent: Int?
        for index in key.line + 1..<lines.count where isContent(lines[index]) {
            let indent = indent(lines[index])
            let item = lines[index].dropFirst(indent).hasPrefix("-")
            guard indent > key.indent || (indent == key.indent && item) else { break }
            if itemIndent == nil, item { itemIndent = indent }
            end = index + 1
        }
        return (end, itemIndent)
    }
}
