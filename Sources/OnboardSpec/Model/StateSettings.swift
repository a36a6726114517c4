/// The state store settings of a deployment.
public struct StateSettings: Sendable, Hashable {
    public let backend: StateBackend
    /// The SQLite file, relative to the repository root.
    public let path: String

    public init(backend: StateBackend = .sqlite, path: String = ".onboard/state.sqlite") {
        self.backend = backend
        self.path = path
    }
}
