/// One resource a refresh asks a platform for: where onboard put it and what it wrote (adapters of servers that
/// report only part of what was registered compare on the part they report).
public struct ReadRequest: Sendable {
    public let address: ResourceAddress
    public let handle: PlatformHandle
    public let recorded: JSONValue

    public init(address: ResourceAddress, handle: PlatformHandle, recorded: JSONValue) {
        self.address = address
        self.handle = handle
        self.recorded = recorded
    }
}
