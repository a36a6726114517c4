import OnboardCore
import Testing

@testable import OnboardPlatform

/// The role check that runs before the first signature: the test platform's role (docs/openbao.md) passes; each
/// setting that would let the role issue more than partner client certificates is named.
@Suite struct OpenBaoRoleCheckTests {
    /// The role as OpenBao 2.7.2 reads back the one `scripts/peers/peers` writes.
    static let partnerRole: JSONValue = [
        "allow_any_name": false, "allow_bare_domains": false, "allow_glob_domains": false, "allow_ip_sans": false,
        "allow_localhost": false, "allow_subdomains": false, "allow_wildcard_certificates": false,
        "allowed_domains": [], "allowed_other_sans": [], "allowed_uri_sans": ["urn:onboard:partner:st-marys:*"],
        "allowed_uri_sans_template": false, "client_flag": true, "issuer_ref": "default", "not_after": "",
        "organization": [], "ou": [], "country": [], "code_signing_flag": false,
        "email_protection_flag": false, "ext_key_usage": [], "ext_key_usage_oids": [], "key_type": "any",
        "key_usage": ["DigitalSignature"], "max_ttl": 34_387_200, "no_store": false, "server_flag": false,
        "use_csr_common_name": false, "use_csr_sans": false,
    ]

    static func role(_ changes: [String: JSONValue]) -> JSONValue {
        guard case .object(var role) = partnerRole else { return partnerRole }
        for (key, value) in changes { role[key] = value }
        return .object(role)
    }

    @Test func thePartnerRolePasses() {
        #expect(OpenBaoRoleCheck.problems(Self.partnerRole, deployment: "st-marys", validityDays: 397).isEmpty)
    }

    @Test(
        arguments: [
            (["allow_any_name": true], "allow_any_name is true"),
            (["allow_ip_sans": true], "allow_ip_sans is true"),
            (["allow_localhost": true], "allow_localhost is true"),
            (["allow_wildcard_certificates": true], "allow_wildcard_certificates is true"),
            (["allowed_domains": ["st-marys.example"]], "allowed_domains is set"),
            (["server_flag": true], "server_flag is true"),
            (["code_signing_flag": true], "code_signing_flag is true"),
            (["client_flag": false], "client_flag is false"),
            (["use_csr_sans": true], "use_csr_sans is true"),
            (["use_csr_common_name": true], "use_csr_common_name is true"),
            (["allowed_uri_sans": ["*"]], "allowed_uri_sans includes *"),
            (["allowed_uri_sans": ["urn:onboard:partner:*"]], "allowed_uri_sans includes urn:onboard:partner:*"),
            (["issuer_ref": "next-year"], "issuer_ref is next-year"),
            (["not_after": "2030-01-01T00:00:00Z"], "not_after is 2030-01-01T00:00:00Z"),
            (["organization": ["St Mary's"]], "organization is set"),
            (["allowed_uri_sans": []], "allowed_uri_sans is empty"),
            (["ext_key_usage": ["ServerAuth"]], "ext_key_usage is"),
            (["key_usage": ["DigitalSignature", "CertSign"]], "key_usage includes [\"CertSign\"]"),
            (["key_type": "rsa"], "key_type is rsa"),
            (["no_store": true], "no_store is true"),
            (["max_ttl": 86_400], "max_ttl is 1 days"),
            (["allowed_other_sans": ["1.2.3.4;UTF8:*"]], "allowed_other_sans is set"),
        ] as [([String: JSONValue], String)])
    func aBroaderRoleIsRefusedWithItsSetting(_ change: [String: JSONValue], _ named: String) {
        let problems = OpenBaoRoleCheck.problems(Self.role(change), deployment: "st-marys", validityDays: 397)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix(named) == true, "\(problems)")
    }

    @Test func serialsAreSentAsOpenBaoWritesThem() {
        #expect(OpenBaoSigner.colonSerial("1A70397DB0") == "1a:70:39:7d:b0")
        #expect(OpenBaoSigner.colonSerial("A70") == "0a:70")
    }
}
