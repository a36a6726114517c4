import Foundation

/// A state store whose recorded documents written in an earlier form are read in today's: the records of `kind` that
/// `upgrade` rewrites (nil: already current) replace the stored ones in every snapshot, so a state written by an earlier
/// version plans with no change. Nothing is written back: a resource an apply changes is recorded in today's form,
/// and the serial moves only with real applies, so a plan file made before the upgrade stays valid.
public struct UpgradingStateStore: StateStore {
    public let base: any StateStore
    public let kind: ResourceKind
    public let upgrade: @Sendable (ResourceRecord) -> ResourceRecord?

    public init(
        _ base: any StateStore, kind: ResourceKind, upgrade: @escaping @Sendable (ResourceRecord) -> ResourceRecord?
    ) {
        self.base = base
        self.kind = kind
        self.upgrade = upgrade
    }

    public func snapshot() async throws(OnboardError) -> StateSnapshot {
        let snapshot = try await base.snapshot()
        var resources = snapshot.resources
        for (address, record) in snapshot.resources where address.kind == kind {
            if let upgraded = upgrade(record) { resources[address] = upgraded }
        }
        return StateSnapshot(
            lineage: snapshot.lineage, serial: snapshot.serial, resources: resources, lastApply: snapshot.lastApply)
    }

    public func lock(_ holder: LockHolder) async throws(OnboardError) -> any StateLock { try await base.lock(holder) }

    public func save(_ record: ResourceRecord) async throws(OnboardError) -> Int { try await base.save(record) }

    public func saveAll(_ records: [ResourceRecord]) async throws(OnboardError) -> Int {
        try await base.saveAll(records)
    }

    public func remove(_ address: ResourceAddress) async throws(OnboardError) -> Int { try await base.remove(address) }

    public func beginApply(actor: String, gitCommit: String?, planDigest: String, at: Date) async throws(OnboardError)
        -> Int
    {
        try await base.beginApply(actor: actor, gitCommit: gitCommit, planDigest: planDigest, at: at)
    }

    public func finishApply(_ id: Int, outcome: JournalOutcome, counts: ApplyCounts, at: Date)
        async throws(OnboardError)
    {
        try await base.finishApply(id, outcome: outcome, counts: counts, at: at)
    }

    public func saveSteps(_ steps: [JournalStep]) async throws(OnboardError) { try await base.saveSteps(steps) }

    public func journalRecords() async throws(OnboardError) -> [JournalRecord] { try await base.journalRecords() }

    public func markAudited(_ id: Int) async throws(OnboardError) { try await base.markAudited(id) }
}
