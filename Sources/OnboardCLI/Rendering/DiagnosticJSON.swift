import Foundation
import OnboardSpec

/// The documented JSON form of diagnostics (docs/validate-json.md): an array of objects, one per problem.
public enum DiagnosticJSON {
    struct Entry: Codable {
        let file: String
        let line: Int?
        let column: Int?
        let severity: String
        let code: String
        let path: String
        let message: String
        let source: String?
    }

    public static func render(_ diagnostics: [Diagnostic]) throws -> String {
        guard !diagnostics.isEmpty else { return "[]" }
        let entries = diagnostics.map {
            Entry(
                file: $0.location.file, line: $0.location.line > 0 ? $0.location.line : nil,
                column: $0.location.line > 0 ? $0.location.column : nil, severity: $0.severity.rawValue,
                code: $0.code.rawValue, path: $0.fieldPath, message: $0.message, source: $0.snippet
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
