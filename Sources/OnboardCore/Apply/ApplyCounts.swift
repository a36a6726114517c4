/// How many changes of each action an apply carried out, of how many planned: what the journal keeps of an apply's
/// outcome, as numbers the CLI renders, not a sentence.
public struct ApplyCounts: Sendable, Hashable, Codable {
    public var created = 0
    public var updated = 0
    public var replaced = 0
    public var deleted = 0
    public var imported = 0
    /// Changes the plan held; more than the sum of the others when the apply stopped part way.
    public var planned = 0

    public init(planned: Int = 0) {
        self.planned = planned
    }

    /// Changes carried out.
    public var applied: Int { created + updated + replaced + deleted + imported }

    public mutating func count(_ action: ChangeAction) {
        switch action {
        case .create: created += 1
        case .update: updated += 1
        case .replace: replaced += 1
        case .delete: deleted += 1
        case .import: imported += 1
        }
    }

    private enum CodingKeys: String, CodingKey { case created, updated, replaced, deleted, imported, planned }

    /// Journals written before imports existed have no `imported`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        created = try container.decode(Int.self, forKey: .created)
        updated = try container.decode(Int.self, forKey: .updated)
        replaced = try container.decode(Int.self, forKey: .replaced)
        deleted = try container.decode(Int.self, forKey: .deleted)
        imported = try container.decodeIfPresent(Int.self, forKey: .imported) ?? 0
        planned = try container.decode(Int.self, forKey: .planned)
    }
}
