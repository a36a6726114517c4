/// For authorization servers that ignore the registered `scope` (glewlwyd): its admin API and the environment
/// variables holding the administrator's credentials.
public struct ScopeAdministrationSettings: Sendable, Hashable {
    public enum Server: String, Sendable, Hashable, CaseIterable {
        case glewlwyd
    }

    public let server: Server
    public let apiURL: String
    public let userEnv: String
    public let passwordEnv: String

    public init(server: Server, apiURL: String, userEnv: String, passwordEnv: String) {
        self.server = server
        self.apiURL = apiURL
        self.userEnv = userEnv
        self.passwordEnv = passwordEnv
    }
}
