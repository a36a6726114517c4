import OnboardCore
import OnboardSpec

/// RFC 7591 client metadata (§2) and client information (§3.2.1) ⇄ `ClientMetadata`: the one place onboard writes
/// the standard's field names, for every adapter that speaks it (the embedded registry's files, a live registration
/// endpoint, glewlwyd's administration API, and state written before clients were recorded typed).
public enum RFC7591Metadata {
    static let clientID = "client_id"
    static let issuedAt = "client_id_issued_at"
    static let name = "client_name"
    static let softwareID = "software_id"
    static let authMethod = "token_endpoint_auth_method"
    static let grantTypes = "grant_types"
    static let responseTypes = "response_types"
    static let redirectURIs = "redirect_uris"
    static let scope = "scope"
    static let contacts = "contacts"
    static let jwks = "jwks"
    static let jwksURI = "jwks_uri"
    /// RFC 8705 §2.1.2.
    static let sanURI = "tls_client_auth_san_uri"
    static let registrationAccessToken = "registration_access_token"
    static let registrationClientURI = "registration_client_uri"
    static let clientCredentials = "client_credentials"

    /// What onboard registers for a client.
    static func document(_ metadata: ClientMetadata) -> [String: JSONValue] {
        var document: [String: JSONValue] = [
            name: .string(metadata.name),
            grantTypes: metadata.clientCredentials ? [.string(clientCredentials)] : [],
            responseTypes: [],
            scope: .string(metadata.scopeTexts.joined(separator: " ")),
            contacts: .array(metadata.contacts.map(JSONValue.string)),
        ]
        document[softwareID] = metadata.softwareID.map(JSONValue.string)
        document[authMethod] = metadata.authMethod.map { .string($0.rawValue) }
        document[jwks] = metadata.jwks
        document[jwksURI] = metadata.jwksURI.map(JSONValue.string)
        document[sanURI] = metadata.certificateSANURI.map(JSONValue.string)
        return document
    }

    /// A client as a server reports it. With `recorded`, what the server leaves out is taken as registered, of the
    /// grant types only `client_credentials` counts (servers add defaults of their own), and the same scopes in
    /// another order keep the recorded order. `scopes` replaces the reported `scope` where a server keeps the list
    /// elsewhere (glewlwyd's administration API). Lenient about what RFC 7591 lets servers vary: a method reported as a
    /// one-element array, a JWKS as JSON text.
    static func metadata(
        _ reported: JSONValue, recorded: ClientMetadata? = nil, scopes: [String]? = nil
    )
        -> ClientMetadata
    {
        var metadata =
            recorded
            ?? ClientMetadata(name: "", softwareID: nil, authMethod: nil, clientCredentials: false, scopes: [])
        if let value = reported[name]?.stringValue { metadata.name = value }
        if let value = reported[softwareID] { metadata.softwareID = value.stringValue }
        if let value = reported[authMethod] {
            let text = (value.arrayValue?.count == 1 ? value.arrayValue![0] : value).stringValue
            metadata.authMethod = text.flatMap(AuthMethod.init(rawValue:))
        }
        if let value = reported[grantTypes]?.arrayValue {
            metadata.clientCredentials = value.contains(.string(clientCredentials))
        }
        if let texts = scopes ?? reported[scope].map({ RegisteredScope.list($0.stringValue) }),
            Set(texts) != Set(recorded?.scopeTexts ?? [])
        {
            metadata.scopes = []
            metadata.otherScopes = []
            for text in texts {
                if let parsed = try? SmartScope(parsing: text) {
                    metadata.scopes.append(parsed)
                } else {
                    metadata.otherScopes.append(text)
                }
            }
        }
        if let value = reported[contacts]?.arrayValue { metadata.contacts = value.compactMap(\.stringValue) }
        if var value = reported[jwks] {
            if let text = value.stringValue { value = (try? JSONValue.parse(text)) ?? value }
            metadata.jwks = value
        }
        if let value = reported[jwksURI] { metadata.jwksURI = value.stringValue }
        if let value = reported[sanURI] { metadata.certificateSANURI = value.stringValue }
        return metadata
    }

    /// What a partner's kit says of its client: its id and the registered fields an OAuth library is configured from.
    static func information(_ metadata: ClientMetadata, clientID: String) -> [String: JSONValue] {
        var information: [String: JSONValue] = [
            Self.clientID: .string(clientID),
            scope: .string(metadata.scopeTexts.joined(separator: " ")),
        ]
        information[softwareID] = metadata.softwareID.map(JSONValue.string)
        information[authMethod] = metadata.authMethod.map { .string($0.rawValue) }
        information[jwksURI] = metadata.jwksURI.map(JSONValue.string)
        return information
    }
}

extension RFC7591Metadata {
    /// How state stores read client records written before clients were recorded as `ClientMetadata`.
    public static let clientRecords = RecordUpgrade(kind: .client, upgrade: upgradedRecord)

    /// A client record of a state written before clients were recorded as `ClientMetadata` (its document was the RFC
    /// 7591 metadata registered), in today's form; nil for every other record.
    public static func upgradedRecord(_ record: ResourceRecord) -> ResourceRecord? {
        guard record.address.kind == .client, record.canonical.hasPrefix("{\"\(name)\"") else { return nil }
        return ResourceRecord(
            address: record.address, platformID: record.platformID, document: metadata(record.document).document,
            appliedAt: record.appliedAt, version: record.version, sealed: record.sealed
        )
    }
}
