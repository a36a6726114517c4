import OnboardSpec

/// The RFC 7591 client metadata for a partner's OAuth client: SMART Backend Services with `private_key_jwt` (its JWKS
/// or JWKS URL) or RFC 8705 `tls_client_auth` bound to its certificate's SAN URI. A suspended partner keeps its client
/// with no scope and no grant.
public enum ClientDocumentBuilder {
    public static func build(_ partner: Partner, deployment: String) throws -> JSONValue {
        let suspended = partner.spec.status.value == .suspended
        var document: [String: JSONValue] = [
            "client_name": .string(partner.metadata.name.value),
            "software_id": .string(OwnershipMarks.softwareID(deployment: deployment, partner: partner.id)),
            "grant_types": suspended ? [] : ["client_credentials"],
            "response_types": [],
            "token_endpoint_auth_method": .string(partner.spec.access.auth.value.rawValue),
            "scope": .string(suspended ? "" : RegisteredScope.string(partner.spec.access.scopes.map(\.value))),
            "contacts": .array(partner.spec.contacts.compactMap { $0.email.map { .string($0.value) } }),
        ]
        switch partner.spec.access.auth.value {
        case .privateKeyJWT:
            if let jwks = partner.documents.jwks {
                document["jwks"] = try JSONValue.parse(jwks.json)
            } else if let uri = partner.spec.access.jwksURI {
                document["jwks_uri"] = .string(uri.value)
            }
        case .tlsClientAuth:
            document["tls_client_auth_san_uri"] = .string("urn:onboard:partner:\(deployment):\(partner.id)")
        }
        return .object(document)
    }
}
