import Yams

/// Turns YAML text into a located `SpecNode`, reporting syntax errors at the line and column the YAML parser gives.
/// This is the only place that knows about Yams.
public enum YAMLDocumentParser {
    /// Parses one document; on a syntax error reports it to `sink` and returns nil.
    public static func parse(_ text: String, file: String, sink: DiagnosticSink) -> SpecNode? {
        let node: Node?
        do {
            // The basic resolver: scalar kinds are decided by SpecScalar (YAML 1.2 core schema), not by regex tag rules.
            // The encoding is given because Yams' default reads the whole process environment on every call.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            let (message, line, column) = describe(error, text: text)
            sink.report(
                .yamlSyntax, at: SourceLocation(file: file, line: line, column: column), path: .root,
                "invalid YAML: \(message)"
            )
            return nil
        } catch {
            sink.report(.yamlSyntax, at: .file(file), path: .root, "invalid YAML: \(error)")
            return nil
        }
        guard let node else {
            sink.report(.missingField, at: .file(file), path: .root, "the file is empty")
            return nil
        }
        var budget = Budget(text: text, sink: sink)
        let converted = convert(node, file: file, depth: 0, budget: &budget)
        return budget.exceeded ? nil : converted
    }

    /// Limits on what one document may expand to, so a small file cannot take the machine (YAML alias "billion
    /// laughs", deep nesting), and the explicit tags onboard refuses (`!!null X` would otherwise be read as "X").
    public static let maxNodes = 100_000
    public static let maxDepth = 64

    struct Budget {
        let lines: [Substring]?
        let sink: DiagnosticSink
        var nodes = 0
        var exceeded = false

        init(text: String, sink: DiagnosticSink) {
            self.sink = sink
            lines = TextSearch.contains(text, "!") ? text.split(separator: "\n", omittingEmptySubsequences: false) : nil
        }

        /// Counts a node; reports (once) and returns false when the document is too large or too deep.
        mutating func admit(_ location: SourceLocation, depth: Int) -> Bool {
            guard !exceeded else { return false }
            nodes += 1
            if nodes > YAMLDocumentParser.maxNodes {
                report(
                    location,
                    "the document expands to more than \(YAMLDocumentParser.maxNodes) values (YAML aliases?); refused")
            } else if depth > YAMLDocumentParser.maxDepth {
                report(location, "the document nests deeper than \(YAMLDocumentParser.maxDepth) levels; refused")
            }
            return !exceeded
        }

        private mutating func report(_ location: SourceLocation, _ message: String) {
            exceeded = true
            sink.report(.limitExceeded, at: location, path: .root, message)
        }

        /// Whether the node at `location` is written with an explicit tag (`!!int 3`, `!foo x`).
        func hasExplicitTag(_ location: SourceLocation) -> Bool {
            guard let lines, location.line >= 1, location.line <= lines.count else { return false }
            let line = lines[location.line - 1].unicodeScalars
            guard location.column >= 1, location.column <= line.count else { return false }
            return line[line.index(line.startIndex, offsetBy: location.column - 1)] == "!"
        }
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout Budget) -> SpecNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard budget.admit(location, depth: depth) else {
            return .scalar(SpecScalar(text: "", isPlain: false, location: location))
        }
        if budget.hasExplicitTag(location) {
            budget.sink.report(
                .invalidValue, at: location, path: .root,
                "explicit YAML tags (\(node.tag.description.replacingOccurrences(of: "tag:yaml.org,2002:", with: "!!"))) are not accepted; write the value plainly (quote it to make it a string)"
            )
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(SpecScalar(text: scalar.string, isPlain: scalar.style == .plain, location: location))
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                let keyLocation = SourceLocation(file: file, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
                let keyText = key.scalar?.string ?? "\(key)"
                return SpecMappingEntry(
                    key: SpecScalar(text: keyText, isPlain: true, location: keyLocation),
                    value: convert(value, file: file, depth: depth + 1, budget: &budget)
                )
            }
            return .mapping(SpecMapping(entries: entries, location: location))
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file, depth: depth + 1, budget: &budget) }, location)
        case .alias(let alias):
            return .scalar(SpecScalar(text: "*\(alias.anchor)", isPlain: false, location: location))
        }
    }

    private static func describe(_ error: YamlError, text: String) -> (String, Int, Int) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context, !context.text.isEmpty {
                message = "\(context.text) (from line \(context.mark.line), column \(context.mark.column)): \(problem)"
            }
            return (message, mark.line, mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = context.mark
            let key = duplicates.first ?? ""
            if let again = repeatedKey(key, after: first, in: text) {
                return ("duplicate key \"\(key)\": already given at line \(first.line)", again.0, again.1)
            }
            return ("duplicate key \"\(key)\"", first.line, first.column)
        case .reader(let problem, _, _, _):
            return (problem, 1, 1)
        default:
            return ("\(error)", 1, 1)
        }
    }

    /// Where a block-mapping key written at `first` is written again at the same column, so the duplicate (not the
    /// original) is the one pointed at.
    private static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count >= first.column - 1 + key.unicodeScalars.count + 1 else { continue }
            let lead = scalars[..<(first.column - 1)]
            let rest = String(String.UnicodeScalarView(scalars[(first.column - 1)...]))
            if lead.allSatisfy({ $0 == " " || $0 == "-" }), rest.hasPrefix(key + ":") {
                return (index + 1, first.column)
            }
        }
        return nil
    }
}
