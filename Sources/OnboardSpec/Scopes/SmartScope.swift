/// A SMART App Launch v2 resource scope, normalised: v1 forms are held as their v2 equivalents so policy checks and
/// output speak one language.
public struct SmartScope: Sendable, Hashable, Codable, CustomStringConvertible {
    public let context: ScopeContext
    /// A FHIR R4 resource type, or nil for the wildcard `*`.
    public let resourceType: String?
    public let permissions: ScopePermissions
    /// Query restrictions, sorted by name then value so equal restrictions compare equal.
    public let query: [ScopeQueryParameter]
    /// True when written in v1 form (`.read`, `.write`, `.*`).
    public let wasVersion1: Bool

    public init(
        context: ScopeContext, resourceType: String?, permissions: ScopePermissions,
        query: [ScopeQueryParameter] = [], wasVersion1: Bool = false
    ) {
        self.context = context
        self.resourceType = resourceType
        self.permissions = permissions
        self.query = query.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        self.wasVersion1 = wasVersion1
    }

    /// The v2 spelling, e.g. `system/Observation.rs?category=laboratory`.
    public var description: String {
        var text = "\(context.rawValue)/\(resourceType ?? "*").\(permissions)"
        if !query.isEmpty { text += "?" + query.map(\.description).joined(separator: "&") }
        return text
    }

    /// True when every access this scope grants is also granted by `ceiling`: same context, same or wildcard
    /// resource type, a superset of letters, and no query restriction of the ceiling that this scope lacks.
    public func isInside(_ ceiling: SmartScope) -> Bool {
        guard context == ceiling.context else { return false }
        if let ceilingType = ceiling.resourceType, ceilingType != resourceType { return false }
        guard ceiling.permissions.isSuperset(of: permissions) else { return false }
        return ceiling.query.allSatisfy(query.contains)
    }

    /// True when some scope of `ceiling` contains this one.
    public func isInside(anyOf ceiling: some Sequence<SmartScope>) -> Bool {
        ceiling.contains { isInside($0) }
    }
}
