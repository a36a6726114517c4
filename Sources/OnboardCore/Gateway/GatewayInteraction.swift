import OnboardSpec

/// One FHIR REST interaction the partner gateway routes: how nginx recognises it in a request and which SMART letter
/// grants it. The table is the single definition both enforcers use — the nginx `map` that names a request's
/// interaction (a fixed number of regular expressions, whatever the network's size) and the njs token check, which
/// reads the interaction nginx named instead of parsing the path again.
public struct GatewayInteraction: Sendable, Hashable {
    /// The FHIR R4 interaction code (`search-type`, `vread`, …), also the value nginx hands the script.
    public let code: String
    /// The HTTP methods that ask for it.
    let methods: [String]
    /// The path after `/fhir/<Type>`, as a regular expression.
    let path: String
    /// The permission letters a scope needs for it (one scope holding them all).
    public let permission: ScopePermissions
    /// Whether a scope with a query restriction (`?category=…`) can grant it. Only a type-level search qualifies: its
    /// parameters are in the query the gateway checks. History ignores search parameters, and what a read, write or
    /// `_history` returns is in a body the gateway does not see.
    public let restrictable: Bool
    /// A system-level interaction (no type in the path) any valid token of an active partner may use, whatever its
    /// scopes: the server's CapabilityStatement (`GET /metadata`), which a client reads before anything else.
    public let open: Bool
    /// A system-level interaction whose body says what it does (a referral Bundle posted to the base): the token
    /// check passes it on to the referral handler, which checks every entry against the token's scopes and routes.
    public let system: Bool

    init(
        code: String, methods: [String], path: String, permission: ScopePermissions, restrictable: Bool,
        open: Bool = false, system: Bool = false
    ) {
        self.system = system
        self.code = code
        self.methods = methods
        self.path = path
        self.permission = permission
        self.restrictable = restrictable
        self.open = open
    }

    /// A resource type in a path, as the gateway accepts it.
    static let type = "[A-Z][A-Za-z]{0,63}"
    /// A resource id or version id in a path (FHIR R4 `id`: letters, digits, `-` and `.`, at most 64).
    static let id = "[A-Za-z0-9.-]{1,64}"

    /// Every interaction the gateway routes; anything else (POST `_search`, operations, other system-level ones) is
    /// refused.
    public static let all: [GatewayInteraction] = [
        .init(code: "search-type", methods: ["GET", "HEAD"], path: "/?", permission: .search, restrictable: true),
        .init(
            code: "history-type", methods: ["GET", "HEAD"], path: "/_history", permission: .search, restrictable: false),
        .init(code: "create", methods: ["POST"], path: "/?", permission: .create, restrictable: false),
        .init(code: "read", methods: ["GET", "HEAD"], path: "/\(id)", permission: .read, restrictable: false),
        .init(
            code: "history-instance", methods: ["GET", "HEAD"], path: "/\(id)/_history", permission: .read,
            restrictable: false),
        .init(
            code: "vread", methods: ["GET", "HEAD"], path: "/\(id)/_history/\(id)", permission: .read,
            restrictable: false),
        .init(code: "update", methods: ["PUT"], path: "/\(id)", permission: .update, restrictable: false),
        // A PATCH answers with the whole resource as patched (and JSON Patch `test` compares values): it reads too.
        .init(code: "patch", methods: ["PATCH"], path: "/\(id)", permission: [.update, .read], restrictable: false),
        .init(code: "delete", methods: ["DELETE"], path: "/\(id)", permission: .delete, restrictable: false),
        .init(
            code: "capabilities", methods: ["GET", "HEAD"], path: "metadata", permission: [], restrictable: false,
            open: true),
        // A transaction or batch Bundle of referrals (ServiceRequest + Task): only partners with referral routes.
        .init(
            code: "transaction", methods: ["POST"], path: "", permission: [], restrictable: false, system: true),
    ]

    /// The nginx `map` entry naming this interaction: `"$request_method $uri"` → `"<Type> <code>"` (`*` for an open,
    /// system-level one). `\z` anchors at the very end (PCRE's `$` also matches before a final newline).
    var mapEntry: String {
        let method = methods.count == 1 ? methods[0] : "(?:" + methods.joined(separator: "|") + ")"
        if open || system { return "    \"~^\(method) /fhir/\(path)\\z\" \"* \(code)\";" }
        return "    \"~^\(method) /fhir/(\(Self.type))\(path)\\z\" \"$1 \(code)\";"
    }

    /// The interactions `scope` grants at the gateway: those of its letters, and only the restrictable ones when it
    /// carries a query restriction.
    static func granted(by scope: SmartScope) -> [GatewayInteraction] {
        all.filter { !$0.open && !$0.system && scope.permissions.contains($0.permission) && (scope.query.isEmpty || $0.restrictable) }
    }
}
