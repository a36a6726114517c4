import Foundation
import PackagePlugin

/// Embeds the network `onboard init` writes — `scaffold/` (onboard.yaml, the pipelines, the repository's README …)
/// and the example's `Templates/` (the four kinds and the kit README) — as `NetworkScaffold.files`, by path from the
/// package root: the templates a new network starts from are the ones this repository ships and tests.
@main
struct EmbedScaffold: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // `directoryURL` needs tools version 6.1; the path form says the same.
        let root = URL(fileURLWithPath: context.package.directory.string)
        var inputs: [URL] = []
        for folder in ["scaffold", "Templates"] {
            let directory = root.appending(path: folder)
            let found = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            while let url = found?.nextObject() as? URL {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { inputs.append(url) }
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "NetworkScaffold+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding the network onboard init writes",
                executable: try context.tool(named: "EmbedText").url,
                arguments: ["--files", output.path, "NetworkScaffold", "files", root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
