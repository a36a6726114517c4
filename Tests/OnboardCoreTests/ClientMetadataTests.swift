import OnboardCore
import OnboardSpec
import Testing

/// A client's document form follows from `ClientMetadata`'s `Codable` conformance, both ways.
@Suite struct ClientMetadataTests {
    static func scopes(_ texts: [String]) throws -> [SmartScope] { try texts.map { try SmartScope(parsing: $0) } }

    @Test func everyFieldSurvivesTheDocumentAndBack() throws {
        let full = ClientMetadata(
            name: "Northside \"Lab\"", softwareID: "onboard:st-marys:northside-lab", authMethod: .privateKeyJWT,
            clientCredentials: true, scopes: try Self.scopes(["system/Observation.cu", "system/Patient.rs?_id=p1"]),
            otherScopes: ["openid"], contacts: ["it@northside.example"],
            jwks: ["keys": [["kty": "EC", "crv": "P-256", "x": "AAAA", "y": "BBBB", "kid": "k1"]]],
            jwksURI: "https://northside.example/jwks.json", certificateSANURI: "urn:onboard:partner:st-marys:x"
        )
        let bare = ClientMetadata(name: "", softwareID: nil, authMethod: nil, clientCredentials: false, scopes: [])
        for metadata in [full, bare] {
            #expect(try ClientMetadata(document: metadata.document) == metadata)
        }
        #expect(
            full.document["scopes"] == ["system/Observation.cu", "system/Patient.rs?_id=p1"], "a scope is its text")
        #expect(bare.document["softwareID"] == nil, "an absent optional is left out")
        #expect(bare.document["scopes"] == [], "an empty list is kept")
    }

    @Test func aDocumentThatIsNotAClientIsRefusedNamingTheMember() throws {
        var document = ClientMetadata(
            name: "x", softwareID: nil, authMethod: .tlsClientAuth, clientCredentials: true, scopes: []
        ).document
        #expect(throws: DecodingError.self) { try ClientMetadata(document: ["name": "x"]) }
        if case .object(var members) = document {
            members["scopes"] = ["system/Patient.xyz"]
            document = .object(members)
        }
        do {
            _ = try ClientMetadata(document: document)
            Issue.record("a scope that does not parse was accepted")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["scopes"], "\(context)")
        }
    }

    @Test func scopeFieldsAreTheListAndItsElements() {
        #expect(ClientMetadata.isScopeField("scopes"))
        #expect(ClientMetadata.isScopeField("scopes[2]"))
        #expect(!ClientMetadata.isScopeField("otherScopes[0]"))
        #expect(!ClientMetadata.isScopeField("name"))
    }
}

/// Nested containers, which synthesised conformances do not use, are merged where they were opened.
@Suite struct JSONValueCodingTests {
    struct Nested: Codable, Equatable {
        var name: String
        var tags: [String]
        var inner: [String: Int]

        enum Keys: String, CodingKey { case name, tags, inner }

        init(name: String, tags: [String], inner: [String: Int]) {
            self.name = name
            self.tags = tags
            self.inner = inner
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: .name)
            var list = try container.nestedUnkeyedContainer(forKey: .tags)
            tags = []
            while !list.isAtEnd { tags.append(try list.decode(String.self)) }
            inner = try container.decode([String: Int].self, forKey: .inner)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var list = container.nestedUnkeyedContainer(forKey: .tags)
            for tag in tags { try list.encode(tag) }
            try container.encode(name, forKey: .name)
            try container.encode(inner, forKey: .inner)
        }
    }

    @Test func nestedContainersAreMergedAndReadBack() throws {
        let value = Nested(name: "n", tags: ["a", "b"], inner: ["x": 1])
        let document = try JSONValue(encoding: value)
        #expect(document == ["name": "n", "tags": ["a", "b"], "inner": ["x": 1]])
        #expect(try document.decoded(as: Nested.self) == value)
        #expect(
            try JSONValue(encoding: [Nested(name: "m", tags: [], inner: [:])]) == [
                ["name": "m", "tags": [], "inner": [:]]
            ])
    }
}
