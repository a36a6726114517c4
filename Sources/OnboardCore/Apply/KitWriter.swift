import OnboardSpec

/// Writes the partner kit (`out/kits/<id>/`): what IT sends the partner — client id, token and FHIR URLs, granted
/// scopes, CA chain and CRL URL, its certificate (written at issuance), its CapabilityStatement, and a README rendered
/// from `Templates/kit/README.md` (IT can edit it; `{{name}}` placeholders are filled in).
public struct KitWriter: Sendable {
    public let deployment: DeploymentInput
    public let template: String?
    public let output: any ArtifactWriter

    public static let templatePath = "Templates/kit/README.md"

    public init(deployment: DeploymentInput, template: String?, output: any ArtifactWriter) {
        self.deployment = deployment
        self.template = template
        self.output = output
    }

    /// Writes the kit; returns its directory (relative to the output root).
    public func write(_ partner: PartnerInput, state: StateSnapshot, chainPEM: String) async throws -> String {
        let clientID = state.resources[ResourceAddress(partner: partner.id, .client)]?.platformID ?? ""
        let values = placeholders(partner, clientID: clientID)
        var client: [String: JSONValue] = [
            "client_id": .string(clientID),
            "software_id": .string(OwnershipMarks.softwareID(deployment: deployment.name, partner: partner.id)),
            "token_endpoint": .string(values["token_url"]!),
            "token_endpoint_auth_method": .string(partner.auth.rawValue),
            "fhir_base_url": .string(values["fhir_url"]!),
            "scope": .string(values["scopes"]!),
            "certificate_san_uri": .string("urn:onboard:partner:\(deployment.name):\(partner.id)"),
            "status": .string(partner.status.rawValue),
        ]
        if let crl = deployment.crlURL { client["crl_url"] = .string(crl) }
        try await output.write(ArtifactPaths.kit(partner.id, "client.json"), text: JSONValue.object(client).prettyText)
        try await output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitChain), text: chainPEM)
        if let capability = state.resources[ResourceAddress(partner: partner.id, .capability)]?.document {
            try await output.write(ArtifactPaths.kit(partner.id, "capability-statement.json"), text: capability.prettyText)
        }
        try await output.write(ArtifactPaths.kit(partner.id, "README.md"), text: render(template ?? Self.defaultTemplate, values))
        return "kits/\(partner.id)"
    }

    func placeholders(_ partner: PartnerInput, clientID: String) -> [String: String] {
        let gateway = deployment.gatewayURL
        return [
            "hospital": deployment.hospitalName,
            "partner_name": partner.name,
            "partner_id": partner.id,
            "client_id": clientID,
            "token_url": tokenURL(partner),
            "fhir_url": (gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway) + "/fhir",
            "scopes": RegisteredScope.string(partner.scopes),
            "auth": partner.auth.rawValue,
            "crl_url": deployment.crlURL ?? "(not published)",
            "status": partner.status.rawValue,
            "token_request": tokenRequest(partner, clientID: clientID),
            "key_delivery": partner.csrPEM == nil
                ? "Your private key was generated for you: `client.p12` (PKCS#12), passphrase in `client.p12.passphrase`. "
                    + "Keep both secret and delete them from any shared location after import."
                : "Your certificate was issued from the CSR you sent; your private key never left your systems.",
        ]
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
                TOKEN=$(curl -s --cert certificate.pem --key partner-key.pem \\
                  -d grant_type=client_credentials -d client_id=\(clientID) --data-urlencode "scope=\(scopes)" \\
                  \(token) | \(extract))
                ```
                """
        case .privateKeyJWT:
            return """
                Your client authenticates with a client assertion (RFC 7523, SMART Backend Services) signed by the key
                whose public part you registered. With an ES384 key in `partner-key.pem` whose key id is in `KID`:

                ```sh
                KID=\(registeredKeyID(partner) ?? "your-registered-key-id")
                b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
                NOW=$(date +%s)
                INPUT="$(printf '{"alg":"ES384","typ":"JWT","kid":"%s"}' "$KID" | b64url).$(printf \\
                  '{"iss":"%s","sub":"%s","aud":"%s","iat":%s,"exp":%s,"jti":"%s"}' \(clientID) \(clientID) \\
                  \(token) "$NOW" "$((NOW + 240))" "$(openssl rand -hex 16)" | b64url)"
                # A JWS carries the ECDSA signature as r||s (48 bytes each); openssl writes DER: convert it.
                RS=$(printf '%s' "$INPUT" | openssl dgst -sha384 -sign partner-key.pem | openssl asn1parse -inform DER \\
                  | awk -F: '/INTEGER/ {printf "%96s", $NF}' | tr ' ' 0)
                SIGNATURE=$(printf "$(printf '%s' "$RS" | sed 's/../\\\\x&/g')" | b64url)
                TOKEN=$(curl -s -d grant_type=client_credentials --data-urlencode "scope=\(scopes)" \\
                  -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\
                  -d "client_assertion=$INPUT.$SIGNATURE" \(token) | \(extract))
                ```
                """
        }
    }

    /// The key id of the partner's first registered key, when its JWKS is in the files.
    func registeredKeyID(_ partner: PartnerInput) -> String? {
        partner.jwks?["keys"]?.arrayValue?.first?["kid"]?.stringValue
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
