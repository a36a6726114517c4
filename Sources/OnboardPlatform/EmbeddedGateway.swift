import Foundation
import OnboardCore

/// The embedded gateway: the generated nginx configuration written to `out/platform/gateway/nginx-partners.conf`
/// (paths inside it are relative to `out/platform/`, the nginx prefix).
public struct EmbeddedGateway: GatewayTarget {
    public static let fileName = "nginx-partners.conf"
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func currentConfiguration() async throws -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(Self.fileName).path)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    public func apply(configuration: String) async throws {
        try await OutputDirectory(root: root).write(Self.fileName, text: configuration)
    }
}
