/// The partner's lifecycle: suspension is reversible, offboarding revokes and ends but keeps history.
public enum PartnerStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case suspended
    case offboarded
}
