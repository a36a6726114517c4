import OnboardCore

/// Whether an OpenBao/Vault PKI role can issue partner client certificates and nothing more — checked before the
/// first signature of a run, because a role that allows any name, IP or localhost SANs, wildcards, server or other
/// uses would let whoever holds onboard's credentials mint far more than partner certificates.
enum OpenBaoRoleCheck {
    /// Each setting that makes the role too broad (or unusable), as "name is value: why"; empty when it is right.
    static func problems(_ role: JSONValue, deployment: String, validityDays: Int) -> [String] {
        var problems: [String] = []
        func flag(_ name: String, _ why: String) {
            if role[name] == .bool(true) { problems.append("\(name) is true: \(why)") }
        }
        func list(_ name: String) -> [String] { (role[name]?.arrayValue ?? []).compactMap(\.stringValue) }
        flag("allow_any_name", "it signs any name")
        flag("allow_ip_sans", "it signs IP addresses")
        flag("allow_localhost", "it signs localhost")
        flag("allow_wildcard_certificates", "it signs wildcard names")
        flag("allow_bare_domains", "it signs DNS names")
        flag("allow_subdomains", "it signs DNS names")
        flag("allow_glob_domains", "it signs DNS names")
        flag("server_flag", "its certificates serve TLS")
        flag("code_signing_flag", "its certificates sign code")
        flag("email_protection_flag", "its certificates protect e-mail")
        flag("use_csr_sans", "the partner's CSR would choose the names")
        flag("use_csr_common_name", "the partner's CSR would choose the subject")
        flag("allowed_uri_sans_template", "URI SANs come from identity templates")
        flag("no_store", "OpenBao keeps no record, so a certificate cannot be revoked by serial")
        if role["client_flag"] != .bool(true) {
            problems.append("client_flag is false: it cannot issue client certificates")
        }
        if !list("allowed_domains").isEmpty { problems.append("allowed_domains is set: it signs DNS names") }
        if !list("allowed_other_sans").isEmpty { problems.append("allowed_other_sans is set: it signs other names") }
        let uses = list("ext_key_usage") + list("ext_key_usage_oids")
        if !uses.isEmpty { problems.append("ext_key_usage is \(uses): certificates for more than client TLS") }
        let keyUsage = list("key_usage").filter { !allowedKeyUsage.contains($0.lowercased()) }
        if !keyUsage.isEmpty { problems.append("key_usage includes \(keyUsage): more than a client key needs") }
        let uris = list("allowed_uri_sans")
        let prefix = CertificateIssueRequest.subjectURI(partnerID: "", deployment: deployment)
        if uris.isEmpty {
            problems.append("allowed_uri_sans is empty: it cannot sign the partner's SAN URI")
        } else if let broad = uris.first(where: { !$0.hasPrefix(prefix) }) {
            problems.append("allowed_uri_sans includes \(broad): only \(prefix)… belongs to this deployment's partners")
        }
        if let issuer = role["issuer_ref"]?.stringValue, issuer != "default" {
            problems.append(
                "issuer_ref is \(issuer): onboard trusts and publishes the CRL of the mount's default issuer")
        }
        if let notAfter = role["not_after"]?.stringValue, !notAfter.isEmpty {
            problems.append("not_after is \(notAfter): certificates would not get the validity partner files ask for")
        }
        for field in subjectFields where !list(field).isEmpty {
            problems.append("\(field) is set: the subject of a partner certificate is CN=<partner id> only")
        }
        if let type = role["key_type"]?.stringValue, type != "ec", type != "any" {
            problems.append("key_type is \(type): onboard generates ECDSA P-256 keys for kits")
        }
        if case .number(let maxTTL)? = role["max_ttl"], maxTTL > 0, maxTTL < Double(validityDays) * 86_400 {
            problems.append(
                "max_ttl is \(Int(maxTTL / 86_400)) days: partner files ask for certificates of \(validityDays) days")
        }
        return problems
    }

    /// Subject attributes a role adds to every certificate.
    static let subjectFields = [
        "organization", "ou", "country", "locality", "province", "street_address", "postal_code",
    ]
    static let allowedKeyUsage: Set<String> = ["digitalsignature", "keyagreement", "keyencipherment"]
}
