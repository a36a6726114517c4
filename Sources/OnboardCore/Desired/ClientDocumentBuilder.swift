import Foundation
import OnboardSpec

/// A partner's OAuth client: SMART Backend Services with `private_key_jwt` (its JWKS or JWKS URL) or RFC 8705
/// `tls_client_auth` bound to its certificate's SAN URI. A suspended partner keeps its client with no scope and no
/// grant.
public enum ClientDocumentBuilder {
    /// `now` decides which grants' scopes it holds (those not yet ended).
    public static func metadata(_ partner: PartnerInput, deployment: String, now: Date) -> ClientMetadata {
        let suspended = partner.status == .suspended
        var metadata = ClientMetadata(
            name: partner.name, softwareID: OwnershipMarks.softwareID(deployment: deployment, partner: partner.id),
            authMethod: partner.auth, clientCredentials: !suspended,
            scopes: suspended ? [] : partner.registeredScopes(at: now),
            contacts: partner.contacts.compactMap(\.email)
        )
        switch partner.auth {
        case .privateKeyJWT:
            if let jwks = partner.jwks {
                metadata.jwks = jwks
            } else {
                metadata.jwksURI = partner.jwksURI?.value
            }
        case .tlsClientAuth:
            metadata.certificateSANURI = CertificateIssueRequest.subjectURI(
                partnerID: partner.id, deployment: deployment)
        }
        return metadata
    }

    /// The client's document, as plans compare it and state records it.
    public static func build(_ partner: PartnerInput, deployment: String, now: Date) -> JSONValue {
        metadata(partner, deployment: deployment, now: now).document
    }
}
