/// How a state store reads records of one kind written in an earlier form: in today's, as the store builds each
/// record from its row, so a state written by an earlier version plans with no change. Nothing is written back: a
/// resource an apply changes is recorded in today's form, and the serial moves only with real applies, so a plan file
/// made before the upgrade stays valid. The adapter that knows the earlier form supplies `upgrade` (nil: current).
public struct RecordUpgrade: Sendable {
    public let kind: ResourceKind
    public let upgrade: @Sendable (ResourceRecord) -> ResourceRecord?

    public init(kind: ResourceKind, upgrade: @escaping @Sendable (ResourceRecord) -> ResourceRecord?) {
        self.kind = kind
        self.upgrade = upgrade
    }

    /// The record as today's version reads it.
    public func callAsFunction(_ record: ResourceRecord) -> ResourceRecord {
        record.address.kind == kind ? upgrade(record) ?? record : record
    }
}
