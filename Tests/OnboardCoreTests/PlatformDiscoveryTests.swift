import Foundation
import OnboardCore
import OnboardSpec
import OnboardTestSupport
import Testing

/// What `onboard import --from-platform` makes of a directory's contents, in-process: which affiliations are the
/// hospital's, which template each partner gets, which client is its, and the notes a reviewer must read.
@Suite struct PlatformDiscoveryTests {
    static func discovery(
        template: String? = nil, taken: Set<String> = [], adopted: [String: OnboardSpec.SourceLocation] = [:]
    ) throws -> PlatformDiscovery {
        let loaded = try Workspace().load()
        let deployment = try #require(loaded.network.deployment)
        return PlatformDiscovery(
            deployment: DeploymentInput(deployment), templates: loaded.network.templates.mapValues(TemplateInput.init),
            template: template,
            takenIDs: taken,
            clientsNeedTokens: false, adoptedAlready: adopted
        )
    }

    static func affiliation(_ id: String, organization: String, hospital: JSONValue, role: String) -> JSONValue {
        [
            "resourceType": "OrganizationAffiliation", "id": .string(id), "organization": hospital,
            "participatingOrganization": ["reference": .string("Organization/\(organization)")],
            "code": [["coding": [["system": "http://hl7.org/fhir/organization-role", "code": .string(role)]]]],
        ]
    }

    static func organization(
        _ id: String, name: String, tagged: Bool = false, email: String? = nil, endpoints: [String] = []
    ) -> JSONValue {
        var resource: [String: JSONValue] = [
            "resourceType": "Organization", "id": .string(id), "name": .string(name),
            "type": [
                ["coding": [["system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"]]]
            ],
        ]
        if tagged { resource["meta"] = OwnershipMarks.meta("st-marys") }
        if let email { resource["telecom"] = [["system": "email", "value": .string(email)]] }
        if !endpoints.isEmpty { resource["endpoint"] = .array(endpoints.map { ["reference": .string($0)] }) }
        return .object(resource)
    }

    @Test func theHospitalsAffiliationsBecomePartnerFilesWithTheirClient() throws {
        let byName: JSONValue = ["display": "St Mary's Hospital"]
        let byIdentifier: JSONValue = [
            "identifier": ["system": "urn:ietf:rfc:3986", "value": "urn:oid:2.16.840.1.113883.3.7204"]
        ]
        let (found, skipped) = try Self.discovery(taken: ["bay-imaging"]).discover(
            affiliations: [
                Self.affiliation("a1", organization: "o1", hospital: byName, role: "diagnostics"),
                Self.affiliation("a2", organization: "o2", hospital: byIdentifier, role: "member"),
                Self.affiliation("a3", organization: "o3", hospital: ["display": "Another Hospital"], role: "member"),
                Self.affiliation("a4", organization: "o4", hospital: byName, role: "member"),
                Self.affiliation("a5", organization: "o5", hospital: byName, role: "provider"),
            ],
            organizations: [
                Self.organization("o1", name: "Bay Imaging"),
                Self.organization("o2", name: "Hill Clinic", email: "it@hill.example"),
                Self.organization("o3", name: "Elsewhere"), Self.organization("o4", name: "Ours", tagged: true),
                Self.organization("o5", name: "Two Templates"),
            ],
            endpoints: [],
            clients: [
                ListedClient(
                    clientID: "c-hill", softwareID: nil, enabled: true,
                    metadata: Self.client(
                        "hill  CLINIC", auth: .tlsClientAuth, scopes: ["system/Patient.rs", "system/Patient.cruds"])),
                ListedClient(clientID: "c-other", softwareID: nil, enabled: true, metadata: Self.client("Nobody")),
            ]
        )
        #expect(found.map(\.draft.id) == ["bay-imaging-2", "hill-clinic"], "a taken id is never reused")
        let bay = found[0].draft, hill = found[1].draft
        #expect(bay.template == "imaging-center" && hill.template == "satellite-clinic", "by the affiliation's role")
        #expect(bay.adoptOrganization == "Organization/o1" && bay.adoptAffiliation == "OrganizationAffiliation/a1")
        #expect(bay.adoptClient == nil && bay.auth == "tls_client_auth", "no client of its name: mTLS, noted")
        #expect(bay.notes.contains { $0.contains("names no contact") })
        #expect(hill.adoptClient == "c-hill" && hill.auth == "tls_client_auth")
        #expect(hill.scopes == ["system/Patient.rs"])
        #expect(
            hill.notes.contains { $0.contains("system/Patient.cruds, outside template satellite-clinic's ceiling") })
        #expect(skipped.contains { $0.contains("Organization/o5") && $0.contains("pass --template") }, "\(skipped)")
        #expect(skipped.contains { $0.contains("client c-other") })
        #expect(!skipped.contains { $0.contains("o3") }, "not the hospital's")
        #expect(skipped.contains { $0.contains("Organization/o4 is managed by onboard already") })

        // The file written reads back as a partner file that adopts those objects.
        let workspace = try Workspace()
        try workspace.write("Partners/hill-clinic.yaml", PartnerFileWriter.yaml(hill))
        let loaded = workspace.load()
        let problems = loaded.diagnostics.filter { $0.location.file == "Partners/hill-clinic.yaml" }
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let partner = try #require(loaded.network.partners.first { $0.id == "hill-clinic" })
        #expect(partner.spec.adopt?.client?.id.value == "c-hill")
        #expect(partner.spec.adopt?.organization?.value == "Organization/o2")
    }

    @Test func templateNamesThePartnersNoTemplateMatchesAlone() throws {
        let (found, _) = try Self.discovery(template: "laboratory").discover(
            affiliations: [
                Self.affiliation(
                    "a5", organization: "o5", hospital: ["display": "St Mary's Hospital"], role: "provider")
            ],
            organizations: [Self.organization("o5", name: "Two Templates")], endpoints: [], clients: []
        )
        #expect(found.map(\.draft.template) == ["laboratory"])
    }

    @Test func whatAPartnerFileAdoptsAlreadyIsLeftOut() throws {
        let hospital: JSONValue = ["display": "St Mary's Hospital"]
        let hill = Self.organization(
            "o2", name: "Hill Clinic", email: "it@hill.example", endpoints: ["Endpoint/e-shared", "Endpoint/e-own"])
        func endpoint(_ id: String) -> JSONValue {
            [
                "resourceType": "Endpoint", "id": .string(id), "name": .string(id), "status": "active",
                "address": "https://hill.example/r4",
                "connectionType": [
                    "system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "code": "hl7-fhir-rest",
                ],
            ]
        }
        let earlier = OnboardSpec.SourceLocation(file: "Partners/bay-imaging.yaml", line: 21, column: 19)
        let (found, skipped) = try Self.discovery(adopted: [
            "Organization/o1": earlier, "Endpoint/e-shared": earlier, "c-hill": earlier,
        ]).discover(
            affiliations: [
                Self.affiliation("a1", organization: "o1", hospital: hospital, role: "diagnostics"),
                Self.affiliation("a2", organization: "o2", hospital: hospital, role: "member"),
            ],
            organizations: [Self.organization("o1", name: "Bay Imaging"), hill],
            endpoints: [endpoint("e-shared"), endpoint("e-own")],
            clients: [
                ListedClient(
                    clientID: "c-hill", softwareID: nil, enabled: true, metadata: Self.client("Hill Clinic"))
            ]
        )
        // Run again before the apply, import writes no second file adopting what the first one does.
        #expect(found.map(\.draft.id) == ["hill-clinic"])
        #expect(
            skipped == [
                "OrganizationAffiliation/a1: Organization/o1 is adopted at Partners/bay-imaging.yaml:21:19 already"
            ])
        let draft = try #require(found.first?.draft)
        #expect(draft.adoptEndpoints.map(\.reference) == ["Endpoint/e-own"])
        #expect(
            draft.notes.contains("Endpoint/e-shared is adopted at Partners/bay-imaging.yaml:21:19 already; left out"))
        #expect(draft.adoptClient == nil, "the client a file adopts already is not taken twice")
    }

    @Test func aPrivateKeyTheServerHoldsIsNeverWritten() throws {
        let hospital: JSONValue = ["display": "St Mary's Hospital"]
        let secret = "private-exponent-the-server-should-not-hold"
        let (found, _) = try Self.discovery(template: "laboratory").discover(
            affiliations: [Self.affiliation("a1", organization: "o1", hospital: hospital, role: "provider")],
            organizations: [Self.organization("o1", name: "Leaky Lab", email: "it@leaky.example")], endpoints: [],
            clients: [
                ListedClient(
                    clientID: "c-leaky", softwareID: nil, enabled: true,
                    metadata: Self.client(
                        "Leaky Lab", auth: .privateKeyJWT,
                        jwks: ["keys": [["kty": "EC", "crv": "P-256", "x": "AAAA", "y": "BBBB", "d": .string(secret)]]]
                    ))
            ]
        )
        let partner = try #require(found.first)
        #expect(partner.draft.adoptClient == "c-leaky")
        #expect(partner.jwks == nil && partner.draft.jwksFile == nil, "nothing written beside the partner file")
        #expect(partner.draft.notes.contains { $0.contains("holds private key material") })
        #expect(!PartnerFileWriter.yaml(partner.draft).contains(secret))
    }

    @Test func importAsksTheServerOnlyForWhatTheAffiliationsName() {
        let references: [JSONValue?] = [
            ["reference": "Organization/o1"], ["reference": "Organization/o1"], ["reference": "Endpoint/e1"],
            ["reference": "https://elsewhere.example/fhir/Organization/o2"],
            ["reference": "Organization/bad,id&_count=1"],
            ["display": "St Mary's Hospital"], nil,
        ]
        #expect(
            PlatformDiscovery.ids("Organization", named: references) == ["o1", "o1"],
            "this server's, well-formed ids only")
    }

    /// A client as a server profile's listing reports it.
    static func client(
        _ name: String, auth: AuthMethod? = nil, scopes: [String] = [], jwks: JSONValue? = nil
    ) -> ClientMetadata {
        ClientMetadata(
            name: name, softwareID: nil, authMethod: auth, clientCredentials: true,
            scopes: scopes.compactMap { try? SmartScope(parsing: $0) }, jwks: jwks)
    }
}
