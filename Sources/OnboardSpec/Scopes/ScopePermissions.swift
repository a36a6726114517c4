/// The SMART v2 permission letters `cruds`; a scope grants exactly the FHIR interactions its letters map to.
public struct ScopePermissions: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let create = ScopePermissions(rawValue: 1 << 0)
    public static let read = ScopePermissions(rawValue: 1 << 1)
    public static let update = ScopePermissions(rawValue: 1 << 2)
    public static let delete = ScopePermissions(rawValue: 1 << 3)
    public static let search = ScopePermissions(rawValue: 1 << 4)
    public static let all: ScopePermissions = [.create, .read, .update, .delete, .search]

    /// Letters in the canonical order; a v2 scope must use an in-order subset of them.
    static let letters: [(Character, ScopePermissions)] = [
        ("c", .create), ("r", .read), ("u", .update), ("d", .delete), ("s", .search),
    ]

    /// The letters, in canonical order (`rs`, `cud`).
    public var description: String {
        String(Self.letters.filter { contains($0.1) }.map(\.0))
    }
}
