import Yams

/// Turns YAML text into a located `SpecNode`, reporting syntax errors at the line and column the YAML parser gives.
/// This is the only place that knows about Yams.
public enum YAMLDocumentParser {
    /// Parses one document; on a syntax error reports it to `sink` and returns nil.
    public static func parse(_ text: String, file: String, sink: DiagnosticSink) -> SpecNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (message, line, column) = describe(error)
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

    private static func describe(_ error: YamlError) -> (String, Int, Int) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return (text, mark.line, mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ("duplicate key \(keys) in mapping", context.mark.line, context.mark.column)
        case .reader(let problem, _, _, _):
            return (problem, 1, 1)
        default:
            return ("\(error)", 1, 1)
        }
    }
}
