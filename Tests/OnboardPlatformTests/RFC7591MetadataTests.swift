import Foundation
import OnboardCore
import OnboardSpec
import Testing

@testable import OnboardPlatform

/// RFC 7591 client metadata ⇄ `ClientMetadata`: what onboard registers reads back the same, servers' variations are
/// read leniently, and a state written before clients were recorded typed reads in today's form.
@Suite struct RFC7591MetadataTests {
    static let northside = ClientMetadata(
        name: "Northside Diagnostic Laboratory", softwareID: "onboard:st-marys:northside-lab",
        authMethod: .privateKeyJWT, clientCredentials: true,
        scopes: [
            try! SmartScope(parsing: "system/ServiceRequest.rs"), try! SmartScope(parsing: "system/Observation.cu"),
        ],
        contacts: ["it@northside-lab.example"], jwks: ["keys": [["kty": "EC", "kid": "k1"]]]
    )

    @Test func whatOnboardRegistersReadsBackTheSame() {
        let document = RFC7591Metadata.document(Self.northside)
        #expect(document["scope"] == "system/ServiceRequest.rs system/Observation.cu")
        #expect(document["grant_types"] == ["client_credentials"] && document["response_types"] == [])
        #expect(RFC7591Metadata.metadata(.object(document)) == Self.northside)
        var suspended = Self.northside
        suspended.clientCredentials = false
        suspended.scopes = []
        #expect(RFC7591Metadata.metadata(.object(RFC7591Metadata.document(suspended))) == suspended)
    }

    @Test func aServersVariationsAreReadAsRegistered() {
        let reported: JSONValue = [
            "client_name": "Northside Diagnostic Laboratory", "token_endpoint_auth_method": ["private_key_jwt"],
            "grant_types": ["client_credentials", "refresh_token"],
            "scope": "system/Observation.cu system/ServiceRequest.rs", "client_secret_expires_at": 0,
        ]
        let read = RFC7591Metadata.metadata(reported, recorded: Self.northside)
        #expect(read == Self.northside, "same scopes in another order, extra grant types, fields left out: unchanged")
        let widened = RFC7591Metadata.metadata(
            reported, recorded: Self.northside, scopes: ["system/Observation.cu", "openid"])
        #expect(widened.scopeTexts == ["system/Observation.cu", "openid"], "the server's list where it keeps one")
        #expect(widened.otherScopes == ["openid"])
        let text = RFC7591Metadata.metadata(["jwks": .string(#"{"keys":[]}"#)], recorded: Self.northside)
        #expect(text.jwks == ["keys": []], "a JWKS reported as JSON text")
        let unknown = RFC7591Metadata.metadata(["token_endpoint_auth_method": "client_secret_basic"])
        #expect(unknown.authMethod == nil)
    }

    @Test func aClientRecordOfAnEarlierStateIsReadInTodaysForm() throws {
        // As an earlier version recorded it: the RFC 7591 metadata it registered, as canonical text.
        let canonical =
            #"{"client_name":"Northside Diagnostic Laboratory","contacts":["it@northside-lab.example"],"#
            + #""grant_types":["client_credentials"],"jwks":{"keys":[{"kid":"k1","kty":"EC"}]},"response_types":[],"#
            + #""scope":"system/ServiceRequest.rs system/Observation.cu","software_id":"onboard:st-marys:northside-lab","#
            + #""token_endpoint_auth_method":"private_key_jwt"}"#
        let address = ResourceAddress(partner: "northside-lab", .client)
        let old = ResourceRecord(
            address: address, platformID: "c-1", canonical: canonical, appliedAt: Date(timeIntervalSince1970: 0),
            sealed: "sealed-token")
        let upgraded = try #require(RFC7591Metadata.upgradedRecord(old))
        #expect(upgraded.document == Self.northside.document)
        #expect(
            upgraded.platformID == "c-1" && upgraded.sealed == "sealed-token" && upgraded.appliedAt == old.appliedAt)
        #expect(RFC7591Metadata.upgradedRecord(upgraded) == nil, "today's form is left as it is")
        let organization = ResourceRecord(
            address: ResourceAddress(partner: "northside-lab", .organization), platformID: "Organization/o",
            canonical: canonical, appliedAt: Date())
        #expect(RFC7591Metadata.upgradedRecord(organization) == nil, "only client records")
    }
}
