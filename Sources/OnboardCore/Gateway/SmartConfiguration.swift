/// The SMART App Launch discovery document the gateway serves at `<gateway>/fhir/.well-known/smart-configuration`, to
/// anyone, without a token or a client certificate (SMART App Launch 2.2 §Conformance): what a Backend Services
/// client library reads to find the token endpoint and what it accepts. Generated from the deployment and the
/// templates, so it says what the kits say; a change to it is a `gateway/config` change in the plan
/// (`smartConfiguration.…`).
public enum SmartConfiguration {
    /// Client assertion algorithms SMART Backend Services requires servers to accept (RS384, ES384); the partner's
    /// key type decides which of them it signs with.
    public static let signingAlgorithms = ["ES384", "RS384"]

    /// The path the gateway serves it at.
    public static let path = "/fhir/.well-known/smart-configuration"

    /// The document: `scopesSupported` is every scope a partner may be granted (the union of the templates' ceilings).
    public static func document(_ deployment: DeploymentInput, scopesSupported: [String]) -> JSONValue {
        var methods: [JSONValue] = ["private_key_jwt"]
        var document: [String: JSONValue] = [
            "token_endpoint": .string(deployment.tokenURL),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_signing_alg_values_supported": .array(signingAlgorithms.map(JSONValue.string)),
            "scopes_supported": .array(Array(Set(scopesSupported)).sorted().map(JSONValue.string)),
            "capabilities": ["client-confidential-asymmetric", "permission-v2"],
        ]
        if let mtls = deployment.mtlsTokenURL {
            methods.append("tls_client_auth")
            // RFC 8705 §5: where a client authenticating with its certificate gets certificate-bound tokens.
            document["mtls_endpoint_aliases"] = ["token_endpoint": .string(mtls)]
        }
        document["token_endpoint_auth_methods_supported"] = .array(methods)
        return .object(document)
    }
}
