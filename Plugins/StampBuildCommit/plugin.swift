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
        // The paths are the script's arguments ($1, $2, $3), never part of its text.
        let script = """
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            [ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" = "$1" ] || commit=unknown
            if [ "$commit" != unknown ] && ! git -C "$1" diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
            text="// Generated before each build by StampBuildCommit.
            extension BuildCommit { static let value = \\"$commit\\" }"
            mkdir -p "$2"
            [ "$(cat "$3" 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > "$3"
            """
        return [
            .prebuildCommand(
                displayName: "Stamping the git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", root, output.path, file], outputFilesDirectory: output)
        ]
    }
}
