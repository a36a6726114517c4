import Foundation
import PackagePlugin

/// Embeds the gateway's njs script (`Gateway/onboard-gateway.js` of the target) as `GatewayScript.template` at build
/// time: the script is a real JavaScript file people and tools can read, and the onboard binary still carries it.
@main
struct EmbedGatewayScript: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        // `directoryURL` needs tools version 6.1; the path form says the same.
        let script = URL(fileURLWithPath: module.directory.string).appending(path: "Gateway/onboard-gateway.js")
        let output = context.pluginWorkDirectoryURL.appending(path: "GatewayScript+Template.swift")
        return [
            .buildCommand(
                displayName: "Embedding the gateway's njs script",
                executable: try context.tool(named: "EmbedText").url,
                arguments: [script.path, output.path, "GatewayScript", "template"],
                inputFiles: [script],
                outputFiles: [output]
            )
        ]
    }
}
