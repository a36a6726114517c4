import Foundation

/// A plan: every change needed to make the platform match the files, against one exact state (lineage and serial) and
/// one exact set of inputs (digest). Self-describing and versioned, so a saved plan can be applied later — or refused
/// when either moved.
public struct Plan: Sendable, Hashable, Codable {
    public static let formatVersion = 2

    public let formatVersion: Int
    public let deployment: String
    public let lineage: String
    public let serial: Int
    public let inputsDigest: String
    public let createdAt: Date
    /// In apply order.
    public let changes: [PlannedChange]
    /// How many resources are already as they should be.
    public let unchanged: Int

    public init(
        deployment: String, lineage: String, serial: Int, inputsDigest: String, createdAt: Date,
        changes: [PlannedChange], unchanged: Int
    ) {
        self.formatVersion = Self.formatVersion
        self.deployment = deployment
        self.lineage = lineage
        self.serial = serial
        self.inputsDigest = inputsDigest
        self.createdAt = createdAt
        self.changes = changes
        self.unchanged = unchanged
    }

    public var hasChanges: Bool { !changes.isEmpty }

    /// Count of changes per action, for summaries.
    public func count(_ action: ChangeAction) -> Int { changes.count { $0.action == action } }

    /// Digest of the plan's content, recorded in the journal.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return SHA256Digest.hex((try? encoder.encode(self)) ?? Data())
    }
}
