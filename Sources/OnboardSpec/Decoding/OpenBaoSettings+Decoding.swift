extension OpenBaoSettings {
    /// Decodes `spec.ca.openbao`: the address (https, or http on loopback where the deployment allows it), the
    /// mounts and role as OpenBao path segments, and a login whose secrets are named by environment variable only.
    static func decode(
        _ reader: MappingReader, _ decoder: NodeDecoder, url: (SpecNode, FieldPath) -> Located<String>?
    ) -> OpenBaoSettings? {
        defer { reader.finish() }
        let address = reader.required("address", url)
        let segment = { (node: SpecNode, path: FieldPath) in
            decoder.checked(node, path, code: .invalidIdentifier, Self.pathSegmentProblem)
        }
        let mount = reader.required("mount", segment)
        let rootMount = reader.required("rootMount", segment)
        let role = reader.required("role", segment)
        let caBundle = reader.optional("caBundle", decoder.string)
        let auth = reader.nested("auth", required: true).flatMap { auth -> Auth? in
            defer { auth.finish() }
            let variable = decoder.environmentVariable
            guard let method = auth.required("method", { decoder.enumeration($0, $1, as: Method.self) }) else {
                return nil
            }
            switch method.value {
            case .approle:
                let roleID = auth.required("roleIdEnv", variable)
                let secretID = auth.required("secretIdEnv", variable)
                guard let roleID, let secretID else { return nil }
                return .appRole(roleIDEnv: roleID.value, secretIDEnv: secretID.value)
            case .token:
                return auth.required("tokenEnv", variable).map { .token(tokenEnv: $0.value) }
            }
        }
        guard let address, let mount, let rootMount, let role, let auth else { return nil }
        return OpenBaoSettings(
            address: address.value, mount: mount.value, rootMount: rootMount.value, role: role.value,
            caBundle: caBundle?.value, auth: auth)
    }

    /// The login methods `auth.method` names.
    enum Method: String, CaseIterable, Sendable {
        case approle
        case token
    }

    /// Mounts and roles are joined into request paths: letters, digits, `_`, `-`, and `/` between segments only.
    static func pathSegmentProblem(_ text: String) -> String? {
        let allowed = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-/".contains($0)) }
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        guard allowed, !text.isEmpty, !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return "\"\(text)\" is not an OpenBao mount or role name (letters, digits, _ and -, segments joined by /)"
        }
        return nil
    }
}
