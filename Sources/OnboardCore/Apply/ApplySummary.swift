/// What an apply did.
public struct ApplySummary: Sendable {
    public let journalID: Int
    public let counts: [ChangeAction: Int]
    public let kits: [String]

    public var description: String {
        "\(counts[.create] ?? 0) created, \(counts[.update] ?? 0) updated, \(counts[.replace] ?? 0) replaced, "
            + "\(counts[.delete] ?? 0) deleted"
    }
}
