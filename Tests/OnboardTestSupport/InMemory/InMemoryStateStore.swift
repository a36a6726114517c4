import Foundation
import OnboardCore

/// State held in memory, for engine unit tests: the same contract as the SQLite store (lineage, a serial that grows
/// on every write, resources, journal, one lock holder at a time), checked by the state-store contract suite.
public actor InMemoryStateStore: StateStore {
    public let lineage: String
    private var serial = 0
    private var resources: [ResourceAddress: ResourceRecord] = [:]
    private var journal: [JournalEntry] = []
    private var holder: LockHolder?
    private var steps: [Int: [Int: JournalStep]] = [:]
    private var audited: Set<Int> = []

    public init(lineage: String = UUID().uuidString.lowercased()) {
        self.lineage = lineage
    }

    public func snapshot() -> StateSnapshot {
        StateSnapshot(lineage: lineage, serial: serial, resources: resources, lastApply: journal.last)
    }

    public func lock(_ holder: LockHolder) throws(OnboardError) -> any StateLock {
        if let current = self.holder {
            throw OnboardError(.locked, "the state is locked by \(current)")
        }
        self.holder = holder
        return Lock(store: self)
    }

    func unlock() {
        holder = nil
    }

    @discardableResult
    public func save(_ record: ResourceRecord) -> Int {
        resources[record.address] = record
        serial += 1
        return serial
    }

    @discardableResult
    public func remove(_ address: ResourceAddress) -> Int {
        resources[address] = nil
        serial += 1
        return serial
    }

    public func beginApply(actor: String, gitCommit: String?, planDigest: String, at date: Date) -> Int {
        journal = journal.map { entry in
            entry.finishedAt == nil && entry.outcome == .running ? entry.with(outcome: .interrupted) : entry
        }
        let entry = JournalEntry(
            id: journal.count + 1, startedAt: date, finishedAt: nil, actor: actor, gitCommit: gitCommit,
            planDigest: planDigest, outcome: .running, counts: nil
        )
        journal.append(entry)
        serial += 1
        return entry.id
    }

    public func finishApply(_ id: Int, outcome: JournalOutcome, counts: ApplyCounts, at date: Date) {
        guard let index = journal.firstIndex(where: { $0.id == id }) else { return }
        journal[index] = journal[index].with(outcome: outcome, counts: counts, finishedAt: date)
        serial += 1
    }

    public func saveSteps(_ steps: [JournalStep]) {
        for step in steps { self.steps[step.journalID, default: [:]][step.index] = step }
        serial += 1
    }

    @discardableResult
    public func saveAll(_ records: [ResourceRecord]) -> Int {
        for record in records { resources[record.address] = record }
        serial += 1
        return serial
    }

    public func journalRecords() -> [JournalRecord] {
        journal.map { entry in
            JournalRecord(
                entry: entry, steps: (steps[entry.id] ?? [:]).values.sorted { $0.index < $1.index },
                audited: audited.contains(entry.id)
            )
        }
    }

    public func markAudited(_ id: Int) {
        audited.insert(id)
        serial += 1
    }

    /// The whole journal, oldest first.
    public var entries: [JournalEntry] { journal }

    struct Lock: StateLock {
        let store: InMemoryStateStore

        func release() async {
            await store.unlock()
        }
    }
}

extension JournalEntry {
    func with(outcome: JournalOutcome, counts: ApplyCounts? = nil, finishedAt: Date? = nil) -> JournalEntry {
        JournalEntry(
            id: id, startedAt: startedAt, finishedAt: finishedAt ?? self.finishedAt, actor: actor, gitCommit: gitCommit,
            planDigest: planDigest, outcome: outcome, counts: counts ?? self.counts
        )
    }
}
