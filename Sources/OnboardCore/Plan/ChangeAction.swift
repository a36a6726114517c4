/// What a change does to a resource.
public enum ChangeAction: String, Sendable, Hashable, Codable, CaseIterable {
    case create
    case update
    /// Make a new one and retire the old (a certificate renewal or a new key).
    case replace
    case delete
}
