/// State as read at the start of a plan: its identity (lineage) and version (serial), every resource applied, and the
/// last apply.
public struct StateSnapshot: Sendable {
    /// Fixed when the state is created; a plan made against another state's lineage is refused.
    public let lineage: String
    /// Grows on every write; a plan made at another serial is stale.
    public let serial: Int
    public let resources: [ResourceAddress: ResourceRecord]
    public let lastApply: JournalEntry?

    public init(lineage: String, serial: Int, resources: [ResourceAddress: ResourceRecord], lastApply: JournalEntry?) {
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.lastApply = lastApply
    }

    /// Each partner's OAuth client id, as recorded.
    public var clientIDs: [String: String] { platformIDs(of: .client) }

    /// Each partner's recorded platform id of one kind of resource (its client id, its `Organization/<id>`).
    public func platformIDs(of kind: ResourceKind) -> [String: String] {
        var ids: [String: String] = [:]
        for record in resources.values where record.address.kind == kind && record.address.name == nil {
            if let partner = record.address.partnerID { ids[partner] = record.platformID }
        }
        return ids
    }
}
