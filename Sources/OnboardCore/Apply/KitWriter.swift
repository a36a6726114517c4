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
            "token_endpoint": .string(deployment.tokenURL),
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
            "token_url": deployment.tokenURL,
            "fhir_url": (gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway) + "/fhir",
            "scopes": RegisteredScope.string(partner.scopes),
            "auth": partner.auth.rawValue,
            "crl_url": deployment.crlURL ?? "(not published)",
            "status": partner.status.rawValue,
            "key_delivery": partner.csrPEM == nil
                ? "Your private key was generated for you: `client.p12` (PKCS#12), passphrase in `client.p12.passphrase`. "
                    + "Keep both secret and delete them from any shared location after import."
                : "Your certificate was issued from the CSR you sent; your private key never left your systems.",
        ]
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
