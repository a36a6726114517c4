import Foundation

/// Where onboard records what it applied (DESIGN §4): SQLite by default, PostgreSQL for shared CI. Every write
/// increases the serial; nothing secret is ever passed in.
public protocol StateStore: Sendable {
    /// Reads the whole state (creating an empty one, with a new lineage, the first time).
    func snapshot() async throws(OnboardError) -> StateSnapshot

    /// Takes the exclusive lock at once or fails with `locked`, naming the holder.
    func lock(_ holder: LockHolder) async throws(OnboardError) -> any StateLock

    /// Records one applied resource; returns the new serial.
    @discardableResult
    func save(_ record: ResourceRecord) async throws(OnboardError) -> Int

    /// Records many resources in one write (one serial increment): a bulk step of an apply; returns the new serial.
    @discardableResult
    func saveAll(_ records: [ResourceRecord]) async throws(OnboardError) -> Int

    /// Forgets a resource removed from the platform; returns the new serial.
    @discardableResult
    func remove(_ address: ResourceAddress) async throws(OnboardError) -> Int

    /// Opens a journal entry for an apply started `at` (the engine's clock); returns its id. An entry left open by
    /// an earlier apply is marked interrupted.
    func beginApply(actor: String, gitCommit: String?, planDigest: String, at: Date) async throws(OnboardError) -> Int

    /// Closes a journal entry with its outcome (succeeded, or failed with a message) and what it carried out.
    func finishApply(_ id: Int, outcome: JournalOutcome, counts: ApplyCounts, at: Date) async throws(OnboardError)

    /// Records steps of an apply, or replaces them (same journal id and index) as they move on, in one write.
    func saveSteps(_ steps: [JournalStep]) async throws(OnboardError)

    /// Every apply the journal holds with its steps, oldest first: for the audit trail and `onboard history`.
    func journalRecords() async throws(OnboardError) -> [JournalRecord]

    /// Notes that an apply's audit records are on the FHIR server, so they are not written again.
    func markAudited(_ id: Int) async throws(OnboardError)
}

extension StateStore {
    /// One step.
    public func saveStep(_ step: JournalStep) async throws(OnboardError) {
        try await saveSteps([step])
    }
}
