import ArgumentParser
import OnboardSpec

/// Runs a command body, turning every failure into a message on standard error and exit status 1.
enum FailureReporting {
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            let renderer = DiagnosticRenderer(style: TerminalStyle.detect())
            if !failure.diagnostics.isEmpty { Console.error(renderer.render(failure.diagnostics)) }
            Console.error("error: \(failure.message)")
            throw ExitCode.problems
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.problems
        }
    }
}
