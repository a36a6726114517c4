import Foundation
import OnboardCore

/// The embedded gateway: the generated nginx configuration and its token-check script written to
/// `out/platform/gateway/` (paths inside the configuration are relative to `out/platform/`, the nginx prefix).
public struct EmbeddedGateway: GatewayTarget {
    public static let fileName = "nginx-partners.conf"
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func currentFiles() async throws -> GatewayFiles? {
        guard let configuration = read(Self.fileName) else { return nil }
        return GatewayFiles(configuration: configuration, script: read(GatewayScript.fileName) ?? "")
    }

    private func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(name).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    public func apply(_ files: GatewayFiles) async throws {
        let output = OutputDirectory(root: root)
        try await output.write(GatewayScript.fileName, text: files.script)
        try await output.write(Self.fileName, text: files.configuration)
    }
}
