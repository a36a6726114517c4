import Foundation
import OnboardSpec

/// The RFC 7591 client metadata for a partner's OAuth client: SMART Backend Services with `private_key_jwt` (its JWKS
/// or JWKS URL) or RFC 8705 `tls_client_auth` bound to its certificate's SAN URI. A suspended partner keeps its client
/// with no scope and no grant.
public enum ClientDocumentBuilder {
    /// `now` decides which grants' scopes it holds (those not yet ended).
    public static func build(_ partner: PartnerInput, deployment: String, now: Date) -> JSONValue {
        let suspended = partner.status == .suspended
        var document: [String: JSONValue] = [
            "client_name": .string(partner.name),
            "software_id": .string(OwnershipMarks.softwareID(deployment: deployment, partner: partner.id)),
            "grant_types": suspended ? [] : ["client_credentials"],
            "response_types": [],
            "token_endpoint_auth_method": .string(partner.auth.rawValue),
            "scope": .string(suspended ? "" : RegisteredScope.string(partner.registeredScopes(at: now))),
            "contacts": .array(partner.contacts.compactMap { $0.email.map { .string($0) } }),
        ]
        switch partner.auth {
        case .privateKeyJWT:
            if let jwks = partner.jwks {
                document["jwks"] = jwks
            } else if let uri = partner.jwksURI?.value {
                document["jwks_uri"] = .string(uri)
            }
        case .tlsClientAuth:
            document["tls_client_auth_san_uri"] = .string("urn:onboard:partner:\(deployment):\(partner.id)")
        }
        return .object(document)
    }
}
