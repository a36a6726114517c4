import ArgumentParser
import Foundation
import OnboardPlatform
import OnboardCore

/// `onboard plan`: what apply would change on the platform, per resource, and why.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, update, replace or delete, and why.",
        discussion: "Exit status: 0 success (or no changes), 1 error, 2 changes present with --detailed-exitcode."
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Write the plan to FILE, for `onboard apply FILE`.")
    var out: String?

    @Flag(help: "Exit 2 when there are changes.")
    var detailedExitcode = false

    @Flag(help: "Print the plan as JSON (docs/plan-json.md).")
    var json = false

    @Option(help: "Output format: human, markdown or json.")
    var format: PlanOutputFormat = .human

    @Flag(help: "Plan the removal of partners whose files were deleted.")
    var allowRemoval = false

    @Option(help: "Read the platform to detect drift (true) or trust the recorded state (false).")
    var refresh: Bool = true

    func run() throws {
        var changes = false
        try FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            let (plan, _) = try context.reconciler().plan(refresh: refresh, allowRemoval: allowRemoval)
            switch json ? .json : format {
            case .human: Console.out(PlanRenderer(style: TerminalStyle.detect()).render(plan))
            case .markdown: Console.out(PlanMarkdown.render(plan))
            case .json: Console.out(PlanJSON.render(plan))
            }
            if format == .human, !json, RESTClient.totalRequests > 0 {
                Console.out("\nRead the live platform with \(RESTClient.totalRequests) HTTP requests.")
            }
            if let out {
                try PlanFile.write(plan, to: URL(fileURLWithPath: out))
                if !json && format == .human { Console.out("\nSaved the plan to \(out); apply it with `onboard apply \(out)`.") }
            }
            changes = plan.hasChanges
        }
        if detailedExitcode && changes { throw ExitCode(2) }
    }
}
