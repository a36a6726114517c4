/// One client as an authorization server's listing reports it: enough to find a client this deployment registered
/// that state does not know (an apply killed between the registration's answer and the state write).
public struct ListedClient: Sendable, Hashable {
    public let clientID: String
    /// The marker onboard registers every client with, `onboard:<deployment>:<partner id>`; nil for clients without one.
    public let softwareID: String?
    /// A disabled client can get no token; glewlwyd keeps clients deleted through RFC 7592 this way.
    public let enabled: Bool
    /// The client as the listing reports it, when it does: a refresh compares it with what onboard registered
    /// instead of reading each client again.
    public let metadata: ClientMetadata?

    public init(clientID: String, softwareID: String?, enabled: Bool, metadata: ClientMetadata? = nil) {
        self.clientID = clientID
        self.softwareID = softwareID
        self.enabled = enabled
        self.metadata = metadata
    }
}
