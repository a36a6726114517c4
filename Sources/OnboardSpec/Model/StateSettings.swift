/// The state store settings of a deployment.
public struct StateSettings: Sendable, Hashable {
    public let backend: StateBackend
    /// The SQLite file, relative to the repository root.
    public let path: String
    /// The environment variable holding the key that seals secrets kept in state (registration access tokens).
    public let sealKeyEnv: String?
    /// With `backend: postgres`, the environment variable holding the connection URL
    /// (`postgres://user:password@host:port/db?sslmode=…`); never the URL itself, which carries a password.
    public let urlEnv: String?

    public init(
        backend: StateBackend = .sqlite, path: String = ".onboard/state.sqlite", sealKeyEnv: String? = nil,
        urlEnv: String? = nil
    ) {
        self.backend = backend
        self.path = path
        self.sealKeyEnv = sealKeyEnv
        self.urlEnv = urlEnv
    }
}
