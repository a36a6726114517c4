extension SmartScope {
    /// Parses `(patient|user|system)/(Type|*).(cruds subset|read|write|*)[?name=value(&name=value)*]`.
    public init(parsing text: String) throws(ScopeParseError) {
        let scope = text.trimmingCharacters(in: .whitespaces)
        guard scope == text else { throw ScopeParseError("a scope must not have leading or trailing spaces") }
        var base = Substring(scope)
        var queryPart: Substring?
        if let mark = scope.firstIndex(of: "?") {
            base = scope[..<mark]
            queryPart = scope[scope.index(after: mark)...]
        }
        guard let slash = base.firstIndex(of: "/") else {
            throw ScopeParseError("expected <context>/<resource>.<permissions>, e.g. system/Observation.rs")
        }
        let contextText = String(base[..<slash])
        guard let context = ScopeContext(rawValue: contextText) else {
            throw ScopeParseError(
                "unknown context \"\(contextText)\"; expected patient, user or system"
                    + Suggestion.hint(for: contextText, in: ScopeContext.allCases.map(\.rawValue))
            )
        }
        let rest = base[base.index(after: slash)...]
        guard let dot = rest.lastIndex(of: ".") else {
            throw ScopeParseError("missing \".<permissions>\" after the resource type, e.g. .rs")
        }
        let typeText = String(rest[..<dot])
        let resourceType: String?
        if typeText == "*" {
            resourceType = nil
        } else if FHIRResourceTypes.r4.contains(typeText) {
            resourceType = typeText
        } else {
            throw ScopeParseError(
                typeText.isEmpty
                    ? "missing resource type"
                    : "\"\(typeText)\" is not a FHIR R4 resource type"
                        + Suggestion.hint(for: typeText, in: FHIRResourceTypes.r4)
            )
        }
        let (permissions, wasVersion1) = try Self.parsePermissions(String(rest[rest.index(after: dot)...]))
        let query = try queryPart.map(Self.parseQuery) ?? []
        self.init(
            context: context, resourceType: resourceType, permissions: permissions, query: query,
            wasVersion1: wasVersion1
        )
    }

    private static func parsePermissions(_ text: String) throws(ScopeParseError) -> (ScopePermissions, Bool) {
        switch text {
        case "read": return ([.read, .search], true)
        case "write": return ([.create, .update, .delete], true)
        case "*": return (.all, true)
        case "": throw ScopeParseError("missing permissions after \".\"; use letters from cruds, e.g. .rs")
        default: break
        }
        var permissions: ScopePermissions = []
        var next = 0
        for character in text {
            guard let position = ScopePermissions.letters.firstIndex(where: { $0.0 == character }) else {
                throw ScopeParseError(
                    "\"\(text)\" is not a permission; use an in-order subset of cruds, or v1 read, write or *"
                )
            }
            guard position >= next else {
                throw ScopeParseError("permission letters \"\(text)\" must be an in-order subset of \"cruds\"")
            }
            permissions.insert(ScopePermissions.letters[position].1)
            next = position + 1
        }
        return (permissions, false)
    }

    private static func parseQuery(_ text: Substring) throws(ScopeParseError) -> [ScopeQueryParameter] {
        guard !text.isEmpty else { throw ScopeParseError("empty query after \"?\"") }
        var parameters: [ScopeQueryParameter] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ScopeParseError("query restriction \"\(pair)\" must be name=value")
            }
            guard parts[0].allSatisfy({ $0.isLetter || $0.isNumber || "-_:.".contains($0) }) else {
                throw ScopeParseError("\"\(parts[0])\" is not a search parameter name")
            }
            parameters.append(ScopeQueryParameter(name: String(parts[0]), value: String(parts[1])))
        }
        return parameters
    }
}
