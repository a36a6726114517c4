extension NodeDecoder {
    /// A string that must pass a value rule; the rule's message is reported at the value.
    func checked(
        _ node: SpecNode, _ path: FieldPath, code: DiagnosticCode = .invalidValue, _ rule: (String) -> String?
    ) -> Located<String>? {
        guard let text = string(node, path) else { return nil }
        if let problem = rule(text.value) {
            sink.report(code, at: text.location, path: path, problem)
            return nil
        }
        return text
    }

    /// The name of an environment variable holding a secret. What is not a name may well be the secret itself, put
    /// there by mistake: the message does not repeat it, and the source line is shown redacted.
    func environmentVariable(_ node: SpecNode, _ path: FieldPath) -> Located<String>? {
        guard let text = string(node, path) else { return nil }
        if !Deployment.isEnvironmentName(text.value) {
            sink.report(
                .invalidValue, at: text.location, path: path,
                "this is not an environment variable name: name the variable that holds the secret, never the secret "
                    + "itself (letters, digits and _, not starting with a digit)",
                redactingSecret: true)
            return nil
        }
        return text
    }

    /// An https URL (loopback http allowed).
    func httpsURL(_ node: SpecNode, _ path: FieldPath) -> Located<String>? {
        guard let text = string(node, path) else { return nil }
        if let (code, problem) = ValueRules.httpsURLProblem(text.value) {
            sink.report(code, at: text.location, path: path, problem, redactingSecret: code == .secretInFile)
            return nil
        }
        return text
    }

    /// A URL of the hospital's platform (partners' credentials and tokens travel to it): https, and plain http to a
    /// loopback host only where the deployment allows it (`platform.allowLoopbackHttp: true`, for tests on one machine).
    func platformURL(allowLoopbackHTTP: Bool) -> (SpecNode, FieldPath) -> Located<String>? {
        { node, path in
            guard let url = self.httpsURL(node, path) else { return nil }
            guard allowLoopbackHTTP || !url.value.lowercased().hasPrefix("http:") else {
                self.sink.report(
                    .insecureAddress, at: url.location, path: path,
                    "\"\(url.value)\" must use https: partners' credentials and tokens travel to it (plain http to a loopback "
                        + "host only with platform.allowLoopbackHttp: true, for tests on one machine)"
                )
                return nil
            }
            return url
        }
    }

    /// `true` or `false` (YAML 1.2: no `yes`, `on`).
    func boolean(_ node: SpecNode, _ path: FieldPath) -> Located<Bool>? {
        guard case .scalar(let scalar) = node, scalar.kind == .bool else {
            mismatch(expected: "true or false", node, path)
            return nil
        }
        return Located(Self.isTrue(scalar), at: scalar.location)
    }

    /// True for a boolean scalar that says `true`.
    static func isTrue(_ scalar: SpecScalar) -> Bool { scalar.kind == .bool && scalar.text.lowercased() == "true" }

    /// An absolute URI (a code system, an identifier system), in ASCII and without credentials.
    func uri(_ node: SpecNode, _ path: FieldPath) -> Located<String>? {
        guard let text = string(node, path) else { return nil }
        if let (code, problem) = ValueRules.uriTextProblem(text.value) {
            sink.report(code, at: text.location, path: path, problem, redactingSecret: code == .secretInFile)
            return nil
        }
        return checked(node, path, ValueRules.uriProblem)
    }

    /// A SMART scope, parsed and normalised to v2.
    func scope(_ node: SpecNode, _ path: FieldPath) -> Located<SmartScope>? {
        guard let text = string(node, path) else { return nil }
        do {
            return Located(try SmartScope(parsing: text.value), at: text.location)
        } catch {
            sink.report(.invalidScope, at: text.location, path: path, "invalid scope \"\(text.value)\": \(error)")
            return nil
        }
    }

    /// A list of scopes; a scope listed twice (after v1→v2 normalisation) is a warning.
    func scopes(_ node: SpecNode, _ path: FieldPath) -> [Located<SmartScope>]? {
        guard let scopes = each(node, path, nonEmpty: true, scope) else { return nil }
        var seen: [SmartScope: SourceLocation] = [:]
        for (index, scope) in scopes.enumerated() {
            if let first = seen[scope.value] {
                sink.report(
                    .duplicateScope, at: scope.location, path: path.index(index),
                    "scope \(scope.value) is already listed at line \(first.line)", severity: .warning
                )
            } else {
                seen[scope.value] = scope.location
            }
        }
        return scopes
    }

    /// Checks `apiVersion` and `kind` and opens `metadata`, the header every onboard file starts with.
    func header(_ root: MappingReader, kind: String, directory: String) -> MappingReader? {
        if let version = root.required("apiVersion", string), version.value != "onboard/v1" {
            sink.report(
                .unsupportedVersion, at: version.location, path: root.path.key("apiVersion"),
                "\"\(version.value)\" is not supported; expected onboard/v1"
            )
        }
        if let found = root.required("kind", string), found.value != kind {
            sink.report(
                .wrongKind, at: found.location, path: root.path.key("kind"),
                "\"\(found.value)\" does not belong in \(directory); expected \(kind)"
            )
        }
        return root.nested("metadata", required: true)
    }

    /// A list whose entries each carry a name (`key`: an endpoint's `name`, a service's or grant's `id`), decoded entry
    /// by entry; a name used twice is reported at the second, naming the first's line, at the entry's own index.
    func eachNamedOnce<T>(
        _ node: SpecNode, _ path: FieldPath, key: String, noun: String, _ decode: (SpecNode, FieldPath) -> T?,
        name: (T) -> Located<String>
    ) -> [T]? {
        guard let items = list(node, path) else { return nil }
        var decoded: [T] = []
        var seen: [String: SourceLocation] = [:]
        for (item, itemPath) in items {
            guard let value = decode(item, itemPath) else { continue }
            decoded.append(value)
            let named = name(value)
            if let first = seen[named.value] {
                sink.report(
                    .duplicateIdentifier, at: named.location, path: itemPath.key(key),
                    "\(noun) \"\(named.value)\" is already used at line \(first.line)")
            } else {
                seen[named.value] = named.location
            }
        }
        return decoded
    }
}
