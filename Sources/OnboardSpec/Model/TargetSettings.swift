/// Where each platform part lives (`spec.targets` of onboard.yaml); a nil part is embedded.
public struct TargetSettings: Sendable, Hashable {
    public let directory: DirectoryTargetSettings?
    public let clients: ClientTargetSettings?
    public let gateway: GatewayTargetSettings?

    public init(
        directory: DirectoryTargetSettings? = nil, clients: ClientTargetSettings? = nil,
        gateway: GatewayTargetSettings? = nil
    ) {
        self.directory = directory
        self.clients = clients
        self.gateway = gateway
    }

    public var isLive: Bool { directory != nil || clients != nil || gateway != nil }
}
