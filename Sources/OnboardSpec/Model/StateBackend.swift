/// Where onboard records what it applied: a local SQLite file, or PostgreSQL shared by CI runners.
public enum StateBackend: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}
