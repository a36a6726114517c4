/// What an apply did: its journal entry, the changes carried out, and the partner kits written.
public struct ApplySummary: Sendable {
    public let journalID: Int
    public let counts: ApplyCounts
    public let kits: [String]
}
