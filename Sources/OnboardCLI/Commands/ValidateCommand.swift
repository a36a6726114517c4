import ArgumentParser
import Foundation
import OnboardSpec

/// `onboard validate`: checks every file of the repository and reports every problem in one run.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check onboard.yaml, Templates/ and Partners/ and report every problem.",
        discussion: "Exits 0 when there are no errors (warnings allowed), 1 otherwise."
    )

    @Option(help: "The repository to check.")
    var root: String = "."

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    func run() async throws {
        let rootURL = URL(fileURLWithPath: root)
        let result = NetworkLoader(tree: LocalSourceTree(root: rootURL)).load()
        let output: String
        switch format {
        case .human:
            let style = TerminalStyle.detect()
            let renderer = DiagnosticRenderer(style: style, pathPrefix: root == "." ? "" : rootURL.path + "/")
            output = renderer.render(result.diagnostics) + renderer.summary(result)
        case .json:
            output = try DiagnosticJSON.render(result.diagnostics)
        }
        print(output)
        if !result.isValid { throw ExitCode.problems }
    }
}
