import Foundation
import PackagePlugin

/// Stamps the git commit the binary is built from into `BuildCommit.value` (`onboard --version` prints it), before
/// every build; "unknown" outside a git checkout. The file is rewritten only when the commit changes, so an unchanged
/// checkout recompiles nothing.
@main
struct StampBuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        let file = output.appending(path: "BuildCommit+Value.swift").path
        // `directory` (not `directoryURL`, tools version 6.1) names the checkout.
        let root = context.package.directory.string
        let script = """
            commit=$(git -C '\(root)' rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && ! git -C '\(root)' diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
            text="// Generated before each build by StampBuildCommit.
            extension BuildCommit { static let value = \\"$commit\\" }"
            mkdir -p '\(output.path)'
            [ "$(cat '\(file)' 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > '\(file)'
            """
        return [
            .prebuildCommand(
                displayName: "Stamping the git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script], outputFilesDirectory: output)
        ]
    }
}
