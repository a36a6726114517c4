import ArgumentParser
import Foundation
import OnboardCore
import OnboardSpec

/// Runs a command body, turning every failure into one line on standard error — `error: <message> [<code>]` after
/// the diagnostics of the files at fault — or, for `--format json`, `{"error":{"code":…,"message":…}}` on standard
/// output, so a pipeline can tell a stale plan from a lock held by someone else. Exit status 1 either way.
/// Diagnostics the engine raises against the files (adoptions the platform refuses) are quoted from the files under
/// `root`.
enum FailureReporting {
    static func run(json: Bool = false, root: String? = nil, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let (code, message, found) = describe(error)
            let diagnostics = root.map { quoting(found, root: $0) } ?? found
            if !diagnostics.isEmpty {
                Console.error(DiagnosticRenderer(style: TerminalStyle.detect()).render(diagnostics))
            }
            if json {
                Console.out(errorJSON(code: code, message: message, diagnostics: diagnostics))
            } else {
                // Messages quote servers' answers: whatever they hold, the terminal gets visible text.
                Console.error("error: \(TextRules.visible(message)) [\(code)]")
            }
            throw ExitCode.problems
        }
    }

    static func describe(_ error: any Error) -> (OnboardError.Code, String, [Diagnostic]) {
        switch error {
        case let failure as OnboardError: (failure.code, failure.message, failure.diagnostics)
        default: (.unexpected, "\(error)", [])
        }
    }

    /// The diagnostics with the source line each points at, where they came without one.
    static func quoting(_ diagnostics: [Diagnostic], root: String) -> [Diagnostic] {
        let tree = LocalSourceTree(root: URL(fileURLWithPath: root).standardizedFileURL)
        var sources = SourceCatalog()
        for file in Set(diagnostics.filter { $0.snippet == nil }.map(\.location.file)) {
            if let text = try? tree.read(file) { sources = sources.adding(file, text: text) }
        }
        return diagnostics.map { diagnostic in
            guard diagnostic.snippet == nil, let line = sources.line(diagnostic.location) else { return diagnostic }
            return Diagnostic(
                severity: diagnostic.severity, code: diagnostic.code, location: diagnostic.location,
                fieldPath: diagnostic.fieldPath, message: diagnostic.message,
                snippet: DiagnosticSink.quotable(line, column: diagnostic.location.column)
            )
        }
    }

    /// The error object; with the files' diagnostics (docs/validate-json.md's entries) when the files are at fault.
    static func errorJSON(code: OnboardError.Code, message: String, diagnostics: [Diagnostic] = []) -> String {
        var error: [String: JSONValue] = ["code": .string(code.rawValue), "message": .string(message)]
        if !diagnostics.isEmpty, let entries = try? JSONValue.parse(DiagnosticJSON.render(diagnostics)) {
            error["diagnostics"] = entries
        }
        return JSONValue.object(["error": .object(error)]).prettyText
    }
}
