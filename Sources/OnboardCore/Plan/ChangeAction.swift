/// What a change does to a resource.
public enum ChangeAction: String, Sendable, Hashable, Codable, CaseIterable {
    case create
    case update
    /// Make a new one and retire the old (a certificate renewal or a new key).
    case replace
    case delete
    /// Take over an existing platform object in place (`spec.adopt`): it keeps its id, gets onboard's marks and is
    /// brought to the desired state in the same write — never created anew.
    case `import`
}
