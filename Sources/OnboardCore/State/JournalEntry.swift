import Foundation

/// One apply, as the journal keeps it: when, who, from which commit, which plan, what happened.
public struct JournalEntry: Sendable, Hashable, Codable {
    public let id: Int
    public let startedAt: Date
    public let finishedAt: Date?
    public let actor: String
    public let gitCommit: String?
    public let planDigest: String
    public let outcome: JournalOutcome
    /// What the apply carried out; nil while it runs (or when it was interrupted before finishing).
    public let counts: ApplyCounts?

    public init(
        id: Int, startedAt: Date, finishedAt: Date?, actor: String, gitCommit: String?, planDigest: String,
        outcome: JournalOutcome, counts: ApplyCounts?
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.actor = actor
        self.gitCommit = gitCommit
        self.planDigest = planDigest
        self.outcome = outcome
        self.counts = counts
    }
}
