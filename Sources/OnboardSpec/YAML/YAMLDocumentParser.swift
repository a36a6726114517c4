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
        return convert(node, file: file)
    }

    private static func convert(_ node: Node, file: String) -> SpecNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            return .scalar(SpecScalar(text: scalar.string, isPlain: scalar.style == .plain, location: location))
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                let keyLocation = SourceLocation(file: file, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
                let keyText = key.scalar?.string ?? "\(key)"
                return SpecMappingEntry(
                    key: SpecScalar(text: keyText, isPlain: true, location: keyLocation),
                    value: convert(value, file: file)
                )
            }
            return .mapping(SpecMapping(entries: entries, location: location))
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file) }, location)
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
