/// One apply with everything the journal knows of it: the entry, its steps in plan order, and whether its audit
/// records are on the FHIR server yet.
public struct JournalRecord: Sendable, Hashable {
    public let entry: JournalEntry
    public let steps: [JournalStep]
    /// True once the apply's Provenance and AuditEvents were written to the FHIR directory.
    public let audited: Bool

    public init(entry: JournalEntry, steps: [JournalStep], audited: Bool) {
        self.entry = entry
        self.steps = steps
        self.audited = audited
    }
}
