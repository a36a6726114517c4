/// Whose data a SMART scope reaches: one patient's, what the user may see, or the system's (backend services).
public enum ScopeContext: String, Sendable, Hashable, Codable, CaseIterable {
    case patient
    case user
    case system
}
