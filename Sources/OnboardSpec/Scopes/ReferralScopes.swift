/// The scopes a referral route needs on each side (FHIR Workflow: a `ServiceRequest` and a `Task` that points at
/// it): the sender creates both; the receiver searches the Tasks owned by its services, reads them and moves their
/// status.
public enum ReferralScopes {
    public static let sending = [
        SmartScope(context: .system, resourceType: "ServiceRequest", permissions: .create),
        SmartScope(context: .system, resourceType: "Task", permissions: .create),
    ]
    public static let receiving = [
        SmartScope(context: .system, resourceType: "Task", permissions: [.read, .update, .search])
    ]

    /// Whether the declared scopes grant all of `needed` without a query restriction.
    public static func grants(_ scopes: [SmartScope], _ needed: SmartScope) -> Bool {
        let granted = scopes.filter { scope in
            scope.context == needed.context && scope.query.isEmpty
                && (scope.resourceType == nil || scope.resourceType == needed.resourceType)
        }
        return granted.reduce(ScopePermissions()) { $0.union($1.permissions) }.isSuperset(of: needed.permissions)
    }
}
