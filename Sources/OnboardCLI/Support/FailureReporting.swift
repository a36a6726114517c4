import ArgumentParser
import Foundation
import OnboardCore
import OnboardSpec

/// Runs a command body, turning every failure into one line on standard error — `error: <message> [<code>]` after
/// the diagnostics of the files at fault — or, for `--format json`, `{"error":{"code":…,"message":…}}` on standard
/// output, so a pipeline can tell a stale plan from a lock held by someone else. Exit status 1 either way.
enum FailureReporting {
    static func run(json: Bool = false, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let (code, message, diagnostics) = describe(error)
            if !diagnostics.isEmpty { Console.error(DiagnosticRenderer(style: TerminalStyle.detect()).render(diagnostics)) }
            if json {
                Console.out(errorJSON(code: code, message: message))
            } else {
                Console.error("error: \(message) [\(code)]")
            }
            throw ExitCode.problems
        }
    }

    static func describe(_ error: any Error) -> (OnboardError.Code, String, [Diagnostic]) {
        switch error {
        case let failure as CommandFailure: (failure.code, failure.message, failure.diagnostics)
        case let failure as OnboardError: (failure.code, failure.message, [])
        default: (.unexpected, "\(error)", [])
        }
    }

    static func errorJSON(code: OnboardError.Code, message: String) -> String {
        let document: JSONValue = ["error": ["code": .string(code.rawValue), "message": .string(message)]]
        return document.prettyText
    }
}
