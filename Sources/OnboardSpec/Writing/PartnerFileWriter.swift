/// Writes a `PartnerFileDraft` as partner-file YAML that onboard's own loader reads back: every string
/// double-quoted with JSON-style escapes (valid YAML whatever it holds), notes as comments at the top.
public enum PartnerFileWriter {
    public static func yaml(_ draft: PartnerFileDraft) -> String {
        var lines: [String] = [
            "# Written by `onboard import --from-platform` from what the platform holds: review it, then apply."
        ]
        // A note from the platform is one comment line of visible text: nothing in it may end the comment and start
        // YAML of its own, nor show the reviewer something other than what the file says.
        lines += draft.notes.map { "# NOTE: " + TextRules.visible($0) }
        lines += [
            "apiVersion: onboard/v1", "kind: Partner", "metadata:", "  id: \(quoted(draft.id))",
            "  name: \(quoted(draft.name))",
            "spec:", "  template: \(quoted(draft.template))", "  status: active",
        ]
        if !draft.identifiers.isEmpty {
            lines.append("  identifiers:")
            lines += draft.identifiers.map { "    - {system: \(quoted($0.system)), value: \(quoted($0.value))}" }
        }
        lines.append("  contacts:")
        for contact in draft.contacts {
            var fields = ["name: \(quoted(contact.name))"]
            if let email = contact.email { fields.append("email: \(quoted(email))") }
            if let phone = contact.phone { fields.append("phone: \(quoted(phone))") }
            lines.append("    - {\(fields.joined(separator: ", "))}")
        }
        if !draft.endpoints.isEmpty {
            lines.append("  endpoints:")
            for endpoint in draft.endpoints {
                lines += [
                    "    - name: \(quoted(endpoint.name))", "      connectionType: \(quoted(endpoint.connectionType))",
                    "      address: \(quoted(endpoint.address))",
                ]
                if !endpoint.mimeTypes.isEmpty {
                    lines.append("      payloadMimeTypes: [\(endpoint.mimeTypes.map(quoted).joined(separator: ", "))]")
                }
            }
        }
        var access: [String] = []
        if let scopes = draft.scopes, !scopes.isEmpty {
            access.append("    scopes:")
            access += scopes.map { "      - \(quoted($0))" }
        }
        if let auth = draft.auth { access.append("    auth: \(quoted(auth))") }
        if let jwks = draft.jwksFile { access.append("    jwks: \(quoted(jwks))") }
        if let uri = draft.jwksURI { access.append("    jwksUri: \(quoted(uri))") }
        lines.append("  access:" + (access.isEmpty ? " {}" : ""))
        lines += access
        lines.append("  certificate: {}")
        lines.append("  adopt:")
        if let organization = draft.adoptOrganization { lines.append("    organization: \(quoted(organization))") }
        if !draft.adoptEndpoints.isEmpty {
            lines.append("    endpoints:")
            lines += draft.adoptEndpoints.map { "      \(quoted($0.name)): \(quoted($0.reference))" }
        }
        if let affiliation = draft.adoptAffiliation { lines.append("    affiliation: \(quoted(affiliation))") }
        if let client = draft.adoptClient {
            if let variable = draft.clientTokenEnv {
                lines += [
                    "    client:", "      id: \(quoted(client))", "      registrationTokenEnv: \(quoted(variable))",
                ]
            } else {
                lines.append("    client: \(quoted(client))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (its escapes are JSON's, plus as `\u`/`\U` every character `TextRules` calls
    /// hidden: controls, YAML's other line breaks, bidirectional overrides, zero-width characters), so text from the
    /// platform comes back exactly as it was and the reviewer sees each such character as its code.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where TextRules.isHidden(scalar):
                let hex = String(scalar.value, radix: 16), width = scalar.value > 0xFFFF ? 8 : 4
                out += (width == 8 ? "\\U" : "\\u") + String(repeating: "0", count: width - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
