import Foundation
import OnboardSpec

/// The nginx configuration of the partner gateway. Mutual TLS against the partner CA chain and CRL; the partner
/// recognised by its certificate's whole subject compared exactly (`CN=<id>`, the only subject onboard's CA issues;
/// never a regular expression over the subject, which text a partner wrote could shape); per partner only the FHIR
/// paths and methods its declared scopes allow; and on every request an access-token check by the njs script
/// (`GatewayScript`) against the authorization server's keys, the partner's OAuth client, its certificate binding and
/// the token's scopes. A suspended or offboarded partner gets no route at all (403).
///
/// Values that reach the configuration from outside onboard's own grammar (client ids from the OAuth server, scopes,
/// the issuer, key ids) are percent-encoded, so no quote, `$` or newline can change the configuration's meaning.
public enum GatewayConfigBuilder {
    /// Settings the config needs besides the partners; paths are relative to the nginx prefix (`out/platform/`).
    public struct Settings: Sendable, Hashable {
        public var listen: String
        public var serverCertificate: String
        public var serverKey: String
        public var upstream: String
        public var caChain: String
        public var crl: String
        /// An operator's file included in the partner location (the gateway's own upstream credential, say).
        public var upstreamInclude: String?
        /// An operator's file included in the mTLS token location (how nginx verifies the OAuth server); without it an
        /// https token upstream is verified against `systemTrust` and its own host name.
        public var tokenUpstreamInclude: String?
        /// Where nginx finds the token-check script (`GatewayScript`).
        public var script: String
        /// How tokens are checked; nil leaves the gateway without keys, refusing every token.
        public var tokens: TokenCheckSettings?
        /// The SMART discovery document (`SmartConfiguration`) served without a token or certificate; nil serves none.
        public var discovery: JSONValue?
        /// While a CA rotation has the gateway trust two chains: the fingerprints of both issuing CAs, so the plan
        /// shows when the old chain is added and when it is dropped. Nil otherwise.
        public var trustedIssuers: [String]?

        public init(
            listen: String = "8443", serverCertificate: String = "gateway/server.crt",
            serverKey: String = "gateway/server.key", upstream: String, caChain: String = "pki/ca-chain.pem",
            crl: String = "pki/partners.crl.pem", upstreamInclude: String? = nil,
            script: String = "gateway/" + GatewayScript.fileName, tokens: TokenCheckSettings? = nil,
            discovery: JSONValue? = nil, tokenUpstreamInclude: String? = nil
        ) {
            self.tokenUpstreamInclude = tokenUpstreamInclude
            self.discovery = discovery
            self.upstreamInclude = upstreamInclude
            self.listen = listen
            self.serverCertificate = serverCertificate
            self.serverKey = serverKey
            self.upstream = upstream
            self.caChain = caChain
            self.crl = crl
            self.script = script
            self.tokens = tokens
        }
    }

    /// Stands for the client id of a partner whose client the apply registers; the applier writes the real one.
    public static let unknownClient = "(known after apply)"
    static let clientMap = "map $onboard_partner $onboard_client {"

    /// The gateway document: configuration, script and the signing keys they embed (so a plan shows a key rotation).
    public static func document(
        _ partners: [PartnerInput], deployment: String, settings: Settings, clientIDs: [String: String],
        keys: [GatewaySigningKey], organizationIDs: [String: String] = [:], serviceIDs: [String: String] = [:],
        now: Date
    ) -> JSONValue {
        var document: [String: JSONValue] = [
            "config": .string(
                build(
                    partners, deployment: deployment, settings: settings, clientIDs: clientIDs, keys: keys,
                    organizationIDs: organizationIDs, serviceIDs: serviceIDs, now: now)),
            "script": .string(GatewayScript.source),
            "signingKeys": .array(keys.map(\.json)),
        ]
        document["smartConfiguration"] = settings.discovery
        document["trustedIssuers"] = settings.trustedIssuers.map { .array($0.map(JSONValue.string)) }
        return .object(document)
    }

    /// `organizationIDs`: each partner's Organization id on the FHIR server where it is not the partner id (adopted),
    /// which its referrals must name as requester; `serviceIDs` the same for services and their HealthcareService.
    /// `now` leaves out grants that have ended (the gateway ends them by its own clock anyway).
    public static func build(
        _ partners: [PartnerInput], deployment: String, settings: Settings, clientIDs: [String: String] = [:],
        keys: [GatewaySigningKey] = [], organizationIDs: [String: String] = [:], serviceIDs: [String: String] = [:],
        now: Date
    ) -> String {
        let routed = partners.filter { $0.status == .active }
        let grants = GatewayGrants(routed, now: now)
        let allowance = allowanceMaps(routed, grants: grants)
        var lines =
            [
                "# Generated by onboard for deployment \(deployment). Do not edit: the next apply replaces it.",
                "# Needs nginx's njs module (load_module modules/ngx_http_js_module.so; in nginx.conf). Sets the map hash",
                "# sizes for its own maps: include it before any map of nginx.conf's, which must not set them.",
            ] + hashSizes(keys: allowance.largest) + [
                "js_import onboard_gateway from \(settings.script);",
                // The version a referral update was checked against, which the update is pinned to (If-Match).
                "js_var $onboard_if_match;",
                // Set in the grant-read location only: a read by id passed by a grant must come through it.
                "js_var $onboard_grant_read;",
                "js_set $onboard_client_certificate onboard_gateway.certificateHeader;",
                "",
                "map $ssl_client_s_dn $onboard_partner {",
                "    default \"\";",
            ]
        // By index here and below: a loop variable would copy every partner (dozens of fields) once per map.
        for index in routed.indices {
            let id = routed[index].id
            lines.append("    \"\(CertificateIssueRequest.subjectDN(partnerID: id))\" \(id);")
        }
        lines += ["}", ""] + requestMaps + [""] + allowance.lines
        lines += ["", clientMap, "    default \"\";"]
        for index in routed.indices {
            let id = routed[index].id
            lines.append(clientLine(id, clientIDs[id].map(encoded) ?? unknownClient))
        }
        lines += ["}", "", "map $onboard_partner $onboard_scopes {", "    default \"\";"]
        for index in routed.indices {
            lines.append(
                "    \(routed[index].id) \"\(routed[index].scopes.map { encoded($0.description) }.joined(separator: " "))\";"
            )
        }
        lines += ["}", "", "map $onboard_partner $onboard_binding {", "    default \"\";"]
        for index in routed.indices where routed[index].auth == .tlsClientAuth {
            lines.append("    \(routed[index].id) certificate;")
        }
        lines +=
            ["}", ""] + referralMaps(routed, organizationIDs: organizationIDs, serviceIDs: serviceIDs) + [""]
            + grants.map + [
                "",
                "server {",
                "    listen \(settings.listen) ssl;",
                "    ssl_certificate \(settings.serverCertificate);",
                "    ssl_certificate_key \(settings.serverKey);",
                "    ssl_client_certificate \(settings.caChain);",
                "    ssl_crl \(settings.crl);",
                // Optional at the handshake so the discovery document needs no certificate; every other location
                // refuses a request without a verified one (nginx itself answers 400 to a certificate that fails).
                "    ssl_verify_client optional;",
                "    ssl_verify_depth 2;",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    default_type application/fhir+json;",
                "    if ($onboard_malformed) {",
                "        return 400 '\(outcome("structure", "the request path holds a control character"))';",
                "    }",
                "",
                "    location /fhir/ {",
            ] + requestChecks(settings, keys: keys) + upstreamHeaders(settings) + [
                "        proxy_pass \(upstream(settings));",
                "    }",
                "",
                "    # Referrals (Task, ServiceRequest, and referral Bundles at the base): after the same checks, the referral",
                "    # handler reads the body (kept in memory: 1 MB at most) and the stored resource, and passes the request",
                "    # on only along the partner's routes.",
            ]
        for location in ["~ ^/fhir/(?:Task|ServiceRequest)(?:/|\\z)", "= /fhir/"] {
            lines +=
                ["    location \(location) {"] + requestChecks(settings, keys: keys) + [
                    "        client_max_body_size 1m;",
                    "        client_body_buffer_size 1m;",
                    "        js_content onboard_gateway.referral;",
                    "    }",
                ]
        }
        if !grants.types.isEmpty {
            lines +=
                [
                    "",
                    "    # Reads by id of the types partners hold grants on: after the same checks, the grant handler reads the",
                    "    # stored resource and passes it on only when its subject is a patient of the partner's active grant.",
                    "    location ~ \"^/fhir/(?:\(grants.types.joined(separator: "|")))/\(GatewayInteraction.id)\\z\" {",
                    "        set $onboard_grant_read 1;",
                ] + requestChecks(settings, keys: keys) + [
                    "        auth_request_set $onboard_grant_patients $sent_http_x_onboard_grant;",
                    "        js_content onboard_gateway.grantRead;",
                    "    }",
                    "",
                    "    # Where the grant handler sends on what no grant decided (other partners' reads and writes), checked.",
                    "    location /_onboard/plain/ {",
                    "        internal;",
                ] + upstreamHeaders(settings) + [
                    "        proxy_pass \(upstream(settings));",
                    "    }",
                ]
        }
        lines +=
            [
                "",
                // A referral answer is read whole into memory before it is relayed: 8 MB at most (a search page of Tasks).
                "    location /_onboard/upstream/ {",
                "        internal;",
                "        subrequest_output_buffer_size 8m;",
                "        proxy_set_header If-Match $onboard_if_match;",
            ] + answerHeaders + upstreamHeaders(settings) + [
                "        proxy_pass \(upstream(settings));",
                "    }",
                "",
                "    # The stored resource a referral check reads: never with the request's conditions or body.",
                "    location /_onboard/stored/ {",
                "        internal;",
                "        subrequest_output_buffer_size 8m;",
                "        proxy_method GET;",
                "        proxy_pass_request_body off;",
                "        proxy_set_header Content-Length \"\";",
                "        proxy_set_header Content-Type \"\";",
                "        proxy_set_header If-Match \"\";",
                "        proxy_set_header If-None-Match \"\";",
                "        proxy_set_header If-Modified-Since \"\";",
                "        proxy_set_header If-Unmodified-Since \"\";",
            ] + answerHeaders + upstreamHeaders(settings) + [
                "        proxy_pass \(upstream(settings));",
                "    }",
                "",
                "    location = /_onboard/token-check {",
                "        internal;",
                "        js_content onboard_gateway.authorize;",
                "    }",
                "",
                "    location @onboard_unauthorized {",
                "        add_header WWW-Authenticate $onboard_challenge always;",
                "        return 401 '\(outcome("login", "a valid access token of this partner is required; see WWW-Authenticate"))';",
                "    }",
                "",
                "    location @onboard_forbidden {",
                "        add_header WWW-Authenticate $onboard_challenge always;",
                "        return 403 '\(outcome("forbidden", "$onboard_diagnostics"))';",
                "    }",
            ]
        if let upstream = settings.tokens?.mtlsTokenUpstream {
            lines +=
                [
                    "",
                    "    # RFC 8705 token endpoint of tls_client_auth partners: the verified certificate goes to the OAuth",
                    "    # server in a header that replaces any the partner sent.",
                    "    location = \(TokenCheckSettings.mtlsTokenPath) {",
                    "        if ($ssl_client_verify != SUCCESS) { return 400 '\(noCertificate)'; }",
                    "        if ($onboard_partner = \"\") { return 403; }",
                    "        proxy_set_header \(settings.tokens!.certificateHeader) $onboard_client_certificate;",
                ] + tokenUpstreamTrust(upstream, include: settings.tokenUpstreamInclude) + [
                    "        proxy_pass \(upstream);",
                    "    }",
                ]
        }
        if let discovery = settings.discovery {
            lines += [
                "",
                "    # SMART discovery (SMART App Launch 2.2): for anyone, without a token or a client certificate.",
                "    location = \(SmartConfiguration.path) {",
                "        limit_except GET { deny all; }",
                "        default_type application/json;",
                "        add_header Cache-Control \"max-age=300\" always;",
                "        return 200 '\(nginxLiteral(discovery))';",
                "    }",
            ]
        }
        lines += ["", "    location / { return 404; }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// What every partner request passes before it goes anywhere: a verified certificate of an active partner, an
    /// interaction its declared scopes allow, and the token check (which hands its refusals to the named locations).
    static func requestChecks(_ settings: Settings, keys: [GatewaySigningKey]) -> [String] {
        [
            "        if ($ssl_client_verify != SUCCESS) { return 400 '\(noCertificate)'; }",
            "        if ($onboard_partner = \"\") { return 403; }",
            "        if ($onboard_allowed = 0) {",
            "            set $onboard_challenge 'Bearer realm=\"onboard\", error=\"insufficient_scope\", "
                + "error_description=\"the partner has no scope for this interaction (a restricted scope allows "
                + "searches only)\"';",
            "            return 403;",
            "        }",
            "        set $onboard_request $onboard_interaction;",
            "        set $onboard_path $uri;",
            "        set $onboard_query $args;",
            "        set $onboard_issuer \"\(settings.tokens.map { encoded($0.issuer) } ?? "")\";",
            "        set $onboard_clock_skew \(settings.tokens?.clockSkewSeconds ?? 0);",
            "        set $onboard_keys \"\(keys.map(keyEntry).joined(separator: ","))\";",
            "        auth_request /_onboard/token-check;",
            "        auth_request_set $onboard_challenge $sent_http_www_authenticate;",
            "        auth_request_set $onboard_reason $sent_http_x_onboard_reason;",
            "        error_page 401 = @onboard_unauthorized;",
            "        error_page 403 = @onboard_forbidden;",
        ]
    }

    /// What a referral check reads and relays: FHIR JSON, whole and unencoded, whatever the partner asked for.
    static let answerHeaders = [
        "        proxy_set_header Accept \"application/fhir+json\";",
        "        proxy_set_header Accept-Encoding \"\";",
        "        proxy_set_header Range \"\";",
        "        proxy_set_header If-Range \"\";",
    ]

    /// The headers towards the FHIR server. Those some servers read as another method or another host, and the
    /// certificate header the OAuth server trusts on its mTLS endpoint, are never a partner's.
    static func upstreamHeaders(_ settings: Settings) -> [String] {
        [
            "        proxy_set_header X-Onboard-Partner $onboard_partner;",
            "        proxy_set_header X-HTTP-Method-Override \"\";",
            "        proxy_set_header X-HTTP-Method \"\";",
            "        proxy_set_header X-Method-Override \"\";",
            "        proxy_set_header X-Forwarded-Host \"\";",
            "        proxy_set_header X-Forwarded-Prefix \"\";",
            "        proxy_set_header X-Forwarded-Proto \"\";",
            "        proxy_set_header Forwarded \"\";",
            "        proxy_set_header X-Original-URL \"\";",
            "        proxy_set_header X-Rewrite-URL \"\";",
            "        proxy_set_header Prefer $onboard_prefer;",
            "        proxy_set_header \(settings.tokens?.certificateHeader ?? TokenCheckSettings.defaultCertificateHeader) \"\";",
            "        proxy_set_header X-Client-Certificate-Serial $ssl_client_serial;",
        ] + (settings.upstreamInclude.map { ["        include \($0);"] } ?? [])
    }

    static func upstream(_ settings: Settings) -> String {
        settings.upstream.hasSuffix("/") ? settings.upstream : settings.upstream + "/"
    }

    /// Per partner, what the referral handler checks a referral against: its Organization (the requester it must
    /// name; listed only where it is not `Organization/<partner id>`, an adopted one), the services it may refer to,
    /// and the services it receives for. Exact keys, found by hash.
    static func referralMaps(
        _ partners: [PartnerInput], organizationIDs: [String: String], serviceIDs: [String: String]
    ) -> [String] {
        func service(_ id: String) -> String { encoded(serviceIDs[id] ?? id) }
        var lines = ["map $onboard_partner $onboard_organization {", "    default \"\";"]
        for partner in partners {
            guard let id = organizationIDs[partner.id], id != FHIRIDs.organization(partner.id) else { continue }
            lines.append("    \(partner.id) \"Organization/\(encoded(id))\";")
        }
        lines += ["}", "", "map $onboard_partner $onboard_routes {", "    default \"\";"]
        for partner in partners where !partner.referralTargets.isEmpty {
            lines.append("    \(partner.id) \"\(partner.referralTargets.map(service).joined(separator: " "))\";")
        }
        lines += ["}", "", "map $onboard_partner $onboard_services {", "    default \"\";"]
        for partner in partners where partner.services.contains(where: \.acceptsReferrals) {
            let services = partner.services.filter(\.acceptsReferrals).map { service($0.id) }
            lines.append("    \(partner.id) \"\(services.joined(separator: " "))\";")
        }
        return lines + ["}"]
    }

    /// The configuration with every partner's client id as the applier now knows it (`clientIDs` by partner id),
    /// replacing ids recorded before the apply registered or replaced clients.
    public static func resolvingClients(_ configuration: String, clientIDs: [String: String]) -> String {
        rewritingClientMap(configuration) { partner in clientIDs[partner].map(encoded) }
    }

    /// The configuration with the client ids of `partners` marked as known only after the apply.
    public static func pendingClients(_ configuration: String, partners: Set<String>) -> String {
        rewritingClientMap(configuration) { partner in partners.contains(partner) ? unknownClient : nil }
    }

    /// Rewrites the lines of the client map: `value` gives a partner's new (already encoded) value, nil keeps the line.
    private static func rewritingClientMap(_ configuration: String, value: (String) -> String?) -> String {
        var inMap = false
        return configuration.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line == clientMap {
                inMap = true
            } else if inMap && line == "}" {
                inMap = false
            } else if inMap, let partner = line.split(separator: " ").first.map(String.init), partner != "default",
                let value = value(partner)
            {
                return clientLine(partner, value)
            }
            return String(line)
        }.joined(separator: "\n")
    }

    private static func clientLine(_ partner: String, _ value: String) -> String {
        "    \(partner) \"\(value)\";"
    }

    private static func keyEntry(_ key: GatewaySigningKey) -> String {
        // The script splits the entries on `,` and their parts on ` `: neither may appear unencoded.
        let id = key.keyID.map { encoded($0).replacingOccurrences(of: ",", with: "%2C") } ?? "-"
        return "\(id) \(encoded(key.algorithm).replacingOccurrences(of: ",", with: "%2C")) "
            + key.spki.filter { $0.isLetter || $0.isNumber || "+/=".contains($0) }
    }

    /// Where Debian and Ubuntu keep the system's CA certificates.
    static let systemTrust = "/etc/ssl/certs/ca-certificates.crt"

    /// How nginx verifies an https token upstream, which receives partners' verified certificates: the operator's
    /// include, or the system's CA bundle and the upstream's host name. Plain http (loopback, tests) has nothing to
    /// verify.
    static func tokenUpstreamTrust(_ upstream: String, include: String?) -> [String] {
        if let include { return ["        include \(include);"] }
        guard upstream.lowercased().hasPrefix("https://") else { return [] }
        return [
            "        proxy_ssl_verify on;",
            "        proxy_ssl_verify_depth 4;",
            "        proxy_ssl_server_name on;",
            "        proxy_ssl_trusted_certificate \(systemTrust);",
        ]
    }

    private static let noCertificate = outcome("security", "a client certificate issued by the partner CA is required")

    /// JSON for a single-quoted nginx string: every escape written as `\\uXXXX` (nginx would turn `\\n`, `\\"` and `\\\\`
    /// into other characters), and `'` and `$` too (they would end the string or start a variable).
    static func nginxLiteral(_ json: JSONValue) -> String {
        var result = ""
        var escaped = false
        for scalar in json.canonicalText.unicodeScalars {
            if escaped {
                escaped = false
                switch scalar {
                case "u": result += "\\u"
                case "n": result += "\\u000a"
                case "r": result += "\\u000d"
                case "t": result += "\\u0009"
                case "b": result += "\\u0008"
                case "f": result += "\\u000c"
                default: result += unicodeEscape(scalar)
                }
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "'" || scalar == "$" {
                result += unicodeEscape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func outcome(_ code: String, _ diagnostics: String) -> String {
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"\(code)\",\"diagnostics\":\"\(diagnostics)\"}]}"
    }

    /// The bytes `encoded` keeps as they are, by value (built once: it runs for every partner's every value).
    private static let unreserved: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:?=&|,*@".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    /// Percent-encodes all but RFC 3986 unreserved characters and the URL punctuation that means nothing to nginx inside
    /// a quoted string (so scopes and URLs stay readable in a plan); the script decodes with `decodeURIComponent`.
    static func encoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if unreserved[Int(byte)] {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += (byte < 16 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// Names the interaction a request asks for (`$onboard_interaction`: `"<Type> <code>"`, empty when it is none the
    /// gateway routes) and the same with the type as `*` — a fixed number of regular expressions, whatever the number
    /// of partners. A path holding a control character (a decoded `%0A`, `%0D`, `%00`, …) is malformed and answered
    /// 400 before any rule is tried.
    static let requestMaps: [String] =
        [
            "map $uri $onboard_malformed {",
            "    default 0;",
            "    \"~[\\x00-\\x1F\\x7F]\" 1;",
            "}",
            "",
            "map \"$request_method $uri\" $onboard_interaction {",
            "    default \"\";",
        ] + GatewayInteraction.all.map(\.mapEntry) + [
            "}",
            "",
            // A lenient server ignores search parameters it does not know: a restricting one among them would widen
            // the search. Every request asks for strict handling: only the exact token `handling=strict` passes as
            // the partner wrote it (a server may compare it case-sensitively: `handling=STRICT` could read as
            // lenient); any other mention of handling becomes `handling=strict`, and a preference that says nothing
            // of handling gets it added.
            "map $http_prefer $onboard_prefer {",
            "    default \"$http_prefer, handling=strict\";",
            "    \"\" \"handling=strict\";",
            "    \"~(?:^|,)\\s*handling=strict\\s*(?:,|$)\" $http_prefer;",
            "    \"~*handling\" \"handling=strict\";",
            "}",
            "",
            // Why the token check refused (fixed wording of the script's, never text from the request), for the
            // OperationOutcome of a 403.
            "map $onboard_reason $onboard_diagnostics {",
            "    default $onboard_reason;",
            "    \"\" \"the partner or its token may not do this; see WWW-Authenticate\";",
            "}",
            "",
            "map $onboard_interaction $onboard_type {",
            "    default \"\";",
            "    \"~^([A-Z][A-Za-z]*) \" $1;",
            "}",
            "",
            "map $onboard_interaction $onboard_interaction_any {",
            "    default \"\";",
            "    \"~ ([a-z-]+)\\z\" \"* $1\";",
            "}",
        ]

    /// What each partner's declared scopes let through, as exact keys (`"<partner> <Type> <code>"`, or `*` for a
    /// wildcard scope) nginx finds by hash, so a request costs the same with 5 partners or 10,000. The njs check then
    /// holds the token's scopes to the same interactions.
    static func allowanceMaps(_ partners: [PartnerInput], grants: GatewayGrants) -> (lines: [String], largest: Int) {
        var byType: [String] = []
        var byWildcard: [String] = []
        let open = GatewayInteraction.all.filter(\.open)
        for index in partners.indices {
            let id = partners[index].id
            byWildcard += open.map { "    \"\(id) * \($0.code)\" 1;" }
            if !partners[index].referralTargets.isEmpty {
                byWildcard += GatewayInteraction.all.filter(\.system).map { "    \"\(id) * \($0.code)\" 1;" }
            }
            var seen = Set<String>()
            for scope in partners[index].scopes {
                for interaction in GatewayInteraction.granted(by: scope) {
                    let key = "\(id) \(scope.resourceType ?? "*") \(interaction.code)"
                    guard seen.insert(key).inserted else { continue }
                    if scope.resourceType == nil {
                        byWildcard.append("    \"\(key)\" 1;")
                    } else {
                        byType.append("    \"\(key)\" 1;")
                    }
                }
            }
            // A grant's interactions reach the token check, which holds them to the grant's patient and window.
            for key in grants.allowanceKeys(id) where seen.insert(key).inserted {
                byType.append("    \"\(key)\" 1;")
            }
        }
        let lines =
            ["map \"$onboard_partner $onboard_interaction\" $onboard_by_type {", "    default \"\";"] + byType
            + [
                "}", "", "map \"$onboard_partner $onboard_interaction_any\" $onboard_by_wildcard {",
                "    default \"\";",
            ]
            + byWildcard
            + [
                "}", "", "map \"$onboard_by_type$onboard_by_wildcard\" $onboard_allowed {", "    default 1;",
                "    \"\" 0;", "}",
            ]
        return (lines, max(byType.count, byWildcard.count, partners.count, grants.entries))
    }

    /// nginx's map hash sizes for `keys` exact keys: the defaults (2,048 entries of 64-byte buckets) hold about one
    /// hundred partners. A key longer than a bucket fails `nginx -t`; too few entries make nginx build a slower hash
    /// (with a warning), so both are sized to the network.
    static func hashSizes(keys: Int) -> [String] {
        var size = 2048
        while size < keys * 2 { size *= 2 }
        return ["map_hash_max_size \(size);", "map_hash_bucket_size 256;"]
    }
}
