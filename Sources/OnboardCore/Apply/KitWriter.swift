import OnboardSpec

/// Writes the partner kit (`out/kits/<id>/`): what IT sends the partner — client id, token and FHIR URLs, granted
/// scopes, the partner CA chain and CRL URL, the trust anchor of the platform's TLS servers, its certificate (written
/// at issuance), its CapabilityStatement, and a README rendered from `Templates/kit/README.md` (IT can edit it;
/// `{{name}}` placeholders are filled in) whose commands a partner's developer runs as written.
public struct KitWriter: Sendable {
    public let deployment: DeploymentInput
    public let template: String?
    public let output: any ArtifactWriter
    /// Words the client file (`client.json`) the way the authorization server's protocol names a client.
    public let clients: any ClientRegistry
    /// The HealthcareService id of each service that has one of its own (adopted), which the kit's referrals name.
    public let serviceIDs: [String: String]

    public static let templatePath = "Templates/kit/README.md"
    /// The trust anchor of the gateway's and the token endpoint's TLS certificates, in the kit.
    public static let serverTrust = "server-ca.pem"
    /// The longest lifetime of a client assertion SMART Backend Services allows (`exp` at most 5 minutes ahead).
    public static let assertionLifetime = 300

    public init(
        deployment: DeploymentInput, template: String?, output: any ArtifactWriter, clients: any ClientRegistry,
        serviceIDs: [String: String] = [:]
    ) {
        self.clients = clients
        self.serviceIDs = serviceIDs
        self.deployment = deployment
        self.template = template
        self.output = output
    }

    /// Writes the kit; returns its directory (relative to the output root).
    public func write(_ partner: PartnerInput, state: StateSnapshot, chainPEM: String) async throws -> String {
        let clientID = state.resources[ResourceAddress(partner: partner.id, .client)]?.platformID ?? ""
        let values = placeholders(partner, clientID: clientID)
        let metadata = ClientMetadata(
            name: partner.name, softwareID: OwnershipMarks.softwareID(deployment: deployment.name, partner: partner.id),
            authMethod: partner.auth, clientCredentials: true, scopes: partner.scopes,
            jwksURI: partner.auth == .privateKeyJWT ? partner.jwksURI?.value : nil
        )
        var client = clients.information(metadata, clientID: clientID)
        client["token_endpoint"] = .string(values["token_url"]!)
        client["fhir_base_url"] = .string(values["fhir_url"]!)
        client["scopes"] = .array(partner.scopes.map { .string($0.description) })
        client["smart_configuration_url"] = .string(values["smart_configuration_url"]!)
        client["certificate_san_uri"] = .string(
            CertificateIssueRequest.subjectURI(partnerID: partner.id, deployment: deployment.name))
        client["status"] = .string(partner.status.rawValue)
        if partner.auth == .privateKeyJWT {
            client["token_endpoint_auth_signing_alg_values_supported"] = .array(
                SmartConfiguration.signingAlgorithms.map(JSONValue.string))
            client["client_assertion_max_lifetime_seconds"] = .number(Double(Self.assertionLifetime))
            client["client_assertion_kid_required"] = true
            let kids = registeredKeyIDs(partner)
            if !kids.isEmpty { client["registered_kids"] = .array(kids.map(JSONValue.string)) }
        }
        if let crl = deployment.crlURL { client["crl_url"] = .string(crl) }
        if let anchor = deployment.serverTrustAnchor {
            client["server_ca_file"] = .string(Self.serverTrust)
            try await output.write(ArtifactPaths.kit(partner.id, Self.serverTrust), text: anchor)
        }
        try await output.write(ArtifactPaths.kit(partner.id, "client.json"), text: JSONValue.object(client).prettyText)
        try await output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitChain), text: chainPEM)
        if let capability = state.resources[ResourceAddress(partner: partner.id, .capability)]?.document {
            try await output.write(
                ArtifactPaths.kit(partner.id, "capability-statement.json"), text: capability.prettyText)
        }
        try await output.write(
            ArtifactPaths.kit(partner.id, "README.md"), text: render(template ?? Self.defaultTemplate, values))
        return "kits/\(partner.id)"
    }

    func placeholders(_ partner: PartnerInput, clientID: String) -> [String: String] {
        let gateway = deployment.gatewayURL
        let fhir = (gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway) + "/fhir"
        let trusted = deployment.serverTrustAnchor != nil
        return [
            "hospital": deployment.hospitalName,
            "partner_name": partner.name,
            "partner_id": partner.id,
            "client_id": clientID,
            "token_url": tokenURL(partner),
            "fhir_url": fhir,
            "smart_configuration_url": fhir + "/.well-known/smart-configuration",
            "cacert": cacert,
            "server_trust": trusted
                ? "The gateway's and the token endpoint's TLS certificates are issued by the hospital's CA in "
                    + "`\(Self.serverTrust)`: verify them with it, and with nothing else (every command below does)."
                : "The gateway and the token endpoint use certificates from a public CA: your system's trust store "
                    + "verifies them.",
            "kid": registeredKeyIDs(partner).first ?? "your-registered-key-id",
            "python_example": pythonExample(partner, clientID: clientID, fhir: fhir, trusted: trusted),
            "scopes": RegisteredScope.string(partner.scopes),
            "auth": partner.auth.rawValue,
            "crl_url": deployment.crlURL ?? "(not published)",
            "status": partner.status.rawValue,
            "referrals": referrals(partner),
            "grants": grants(partner),
            "token_request": tokenRequest(partner, clientID: clientID),
            "key_delivery": partner.csrPEM == nil
                ? "Your private key was generated for you: `client.p12` (PKCS#12), passphrase in `client.p12.passphrase`. "
                    + "Keep both secret and delete them from any shared location after import."
                : "Your certificate was issued from the CSR you sent; your private key never left your systems.",
        ]
    }

    /// The curl option that makes a kit command verify the servers with the kit's trust anchor, when it has one.
    var cacert: String { deployment.serverTrustAnchor != nil ? " --cacert \(Self.serverTrust)" : "" }

    /// The FHIR base partners call, through the gateway, in the kit's commands.
    var gatewayFHIR: String { DeploymentInput.trimmed(deployment.gatewayURL) + "/fhir" }

    /// A kit command's curl with the partner's certificate, key and access token (`$TOKEN`).
    var authorizedCurl: String {
        "curl -s\(cacert) --cert certificate.pem --key partner-key.pem -H \"Authorization: Bearer $TOKEN\""
    }

    /// Copy-paste commands (openssl and curl) that get this partner an access token with its client authentication.
    func tokenRequest(_ partner: PartnerInput, clientID: String) -> String {
        let token = tokenURL(partner), scopes = RegisteredScope.string(partner.scopes)
        let extract = "sed -n 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/p'"
        switch partner.auth {
        case .tlsClientAuth:
            return """
                Your client authenticates with your certificate (RFC 8705 `tls_client_auth`); the token you get is
                bound to it and works with that certificate only:

                ```sh
                TOKEN=$(curl -s\(cacert) --cert certificate.pem --key partner-key.pem \\
                  -d grant_type=client_credentials -d client_id=\(clientID) --data-urlencode "scope=\(scopes)" \\
                  \(token) | \(extract))
                ```
                """
        case .privateKeyJWT:
            return """
                Your client authenticates with a client assertion (RFC 7523, SMART Backend Services) signed by the key
                whose public part you registered. The token endpoint requires the assertion's header to carry that
                key's `kid` (a library that leaves it out is refused with HTTP 403 and no body), accepts ES384 and
                RS384, and refuses an assertion that lives longer than \(Self.assertionLifetime / 60) minutes (`exp` − `iat`). With an
                ES384 (P-384) key in `partner-key.pem` whose key id is in `KID`:

                ```sh
                KID=\(registeredKeyIDs(partner).first ?? "your-registered-key-id")
                b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
                NOW=$(date +%s)
                INPUT="$(printf '{"alg":"ES384","typ":"JWT","kid":"%s"}' "$KID" | b64url).$(printf \\
                  '{"iss":"%s","sub":"%s","aud":"%s","iat":%s,"exp":%s,"jti":"%s"}' \(clientID) \(clientID) \\
                  \(token) "$NOW" "$((NOW + 240))" "$(openssl rand -hex 16)" | b64url)"
                # A JWS carries the ECDSA signature as r||s (48 bytes each); openssl writes DER: convert it.
                RS=$(printf '%s' "$INPUT" | openssl dgst -sha384 -sign partner-key.pem | openssl asn1parse -inform DER \\
                  | awk -F: '/INTEGER/ {printf "%96s", $NF}' | tr ' ' 0)
                SIGNATURE=$(printf "$(printf '%s' "$RS" | sed 's/../\\\\x&/g')" | b64url)
                TOKEN=$(curl -s\(cacert) -d grant_type=client_credentials --data-urlencode "scope=\(scopes)" \\
                  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\
                  -d "client_assertion=$INPUT.$SIGNATURE" \(token) | \(extract))
                ```
                """
        }
    }

    /// The key ids of the partner's registered keys, when its JWKS is in the files.
    func registeredKeyIDs(_ partner: PartnerInput) -> [String] {
        (partner.jwks?["keys"]?.arrayValue ?? []).compactMap { $0["kid"]?.stringValue }
    }

    /// The same in Python with authlib (a third-party OAuth library): discovery, the token, a FHIR call, verifying
    /// the servers with the kit's trust anchor only.
    func pythonExample(_ partner: PartnerInput, clientID: String, fhir: String, trusted: Bool) -> String {
        let verify = trusted ? "\"\(Self.serverTrust)\"" : "True"
        // Values from outside onboard (the client id the server chose, a key id) become Python string literals as
        // JSON strings, which Python reads the same way.
        func literal(_ text: String) -> String { JSONValue.string(text).canonicalText }
        let scopes = literal(RegisteredScope.string(partner.scopes))
        let client = literal(clientID), kid = literal(registeredKeyIDs(partner).first ?? "your-registered-key-id")
        let authentication: String
        let endpoint: String
        switch partner.auth {
        case .privateKeyJWT:
            endpoint = "discovery[\"token_endpoint\"]"
            authentication = """
                # The assertion must name your key (kid) and sign with ES384 (a P-384 key) or RS384 (RSAKey); authlib's
                # defaults are RS256 and no kid, and it reads a PEM as an RSA key unless given the key object.
                auth = PrivateKeyJWT(token_url, alg="ES384", headers={"kid": \(kid)})
                key = ECKey.import_key(open("partner-key.pem").read())
                session = OAuth2Session(\(client), key, scope=SCOPES, token_endpoint_auth_method=auth)
                """
        case .tlsClientAuth:
            endpoint = "discovery[\"mtls_endpoint_aliases\"][\"token_endpoint\"]"
            authentication = """
                # Your certificate authenticates the client (RFC 8705); the token is bound to it.
                session = OAuth2Session(\(client), scope=SCOPES, token_endpoint_auth_method="none")
                """
        }
        return """
            ```python
            # pip install authlib requests
            import requests
            from authlib.integrations.requests_client import OAuth2Session
            from authlib.oauth2.rfc7523 import PrivateKeyJWT
            from joserfc.jwk import ECKey

            FHIR = \(literal(fhir))
            SCOPES = \(scopes)
            VERIFY = \(verify)
            discovery = requests.get(FHIR + "/.well-known/smart-configuration", verify=VERIFY, timeout=30).json()
            token_url = \(endpoint)
            \(authentication)
            session.cert = ("certificate.pem", "partner-key.pem")
            session.fetch_token(token_url, grant_type="client_credentials", verify=VERIFY, timeout=30)
            answer = session.get(FHIR + "/metadata", verify=VERIFY, timeout=30)
            print(answer.status_code, answer.json()["resourceType"])
            ```
            """
    }

    /// Where this partner asks for tokens: the mTLS endpoint for a certificate-bound `tls_client_auth` client.
    func tokenURL(_ partner: PartnerInput) -> String {
        partner.auth == .tlsClientAuth ? deployment.mtlsTokenURL ?? deployment.tokenURL : deployment.tokenURL
    }

    func render(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        return text
    }

    static let defaultTemplate = """
        # {{hospital}} — partner kit for {{partner_name}}

        Client id: `{{client_id}}` ({{auth}}). Token endpoint: {{token_url}}. FHIR base: {{fhir_url}}.
        Scopes: {{scopes}}. Certificate revocation list: {{crl_url}}.

        {{key_delivery}}

        """
}
