import Foundation
import OnboardTestSupport
import Testing

/// Adopting what exists on the real platform: partners made by hand with curl (FHIR directory entries at sekmet,
/// clients registered straight at glewlwyd) are found by `onboard import --from-platform`, imported in place — ids
/// and client ids kept, nothing created twice — and then managed like any other; what no partner adopts is never
/// touched; what cannot be adopted is refused at plan time at the line naming it.
extension LivePlatformTests {
    /// One partner made by hand: Organization, Endpoint and affiliation with the hospital.
    static func makeByHand(_ platform: LivePlatform, _ number: Int, name: String, role: String) throws {
        let organization: [String: Any] = [
            "resourceType": "Organization", "id": "org-\(number)", "name": name, "active": true,
            "identifier": [["system": "http://hl7.org/fhir/sid/us-npi", "value": "19\(number)00001"]],
            "type": [
                ["coding": [["system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"]]]
            ],
            "contact": [
                [
                    "name": ["text": "\(name) IT"],
                    "telecom": [["system": "email", "value": "it@org-\(number).example"]],
                ]
            ],
            "endpoint": [["reference": "Endpoint/ep-\(number)"]],
        ]
        let endpoint: [String: Any] = [
            "resourceType": "Endpoint", "id": "ep-\(number)", "status": "active", "name": "\(name) FHIR",
            "connectionType": [
                "system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "code": "hl7-fhir-rest",
            ],
            "payloadType": [["text": "any"]], "address": "https://fhir.org-\(number).example/r4",
            "managingOrganization": ["reference": "Organization/org-\(number)"],
        ]
        let affiliation: [String: Any] = [
            "resourceType": "OrganizationAffiliation", "id": "aff-\(number)", "active": true,
            "organization": [
                "identifier": ["system": "urn:ietf:rfc:3986", "value": "urn:oid:2.16.840.1.113883.3.7204"]
            ],
            "participatingOrganization": ["reference": "Organization/org-\(number)"],
            "code": [["coding": [["system": "http://hl7.org/fhir/organization-role", "code": role]]]],
            "endpoint": [["reference": "Endpoint/ep-\(number)"]],
        ]
        for (path, resource) in [
            ("Organization/org-\(number)", organization), ("Endpoint/ep-\(number)", endpoint),
            ("OrganizationAffiliation/aff-\(number)", affiliation),
        ] {
            let put = try platform.fhir("PUT", path, resource)
            guard put.status == 201 else { throw LivePlatformError("PUT \(path): \(put.status) \(put.body)") }
        }
    }

    /// A client registered straight at glewlwyd (RFC 7591), as an administrator did before onboard: its id and
    /// registration access token.
    static func registerByHand(_ platform: LivePlatform, name: String, partner: TestPartner) throws -> (String, String)
    {
        let body =
            "{\"client_name\": \"\(name)\", \"token_endpoint_auth_method\": \"private_key_jwt\", "
            + "\"grant_types\": [\"client_credentials\"], \"redirect_uris\": [\"https://127.0.0.1:18443/unused\"], \"jwks\": \(partner.jwks)}"
        let answer = try platform.curl([
            "-X", "POST", "-H", "Content-Type: application/json", "--data", body, platform["REGISTER_URL"],
        ])
        guard let id = answer.json["client_id"] as? String,
            let token = answer.json["registration_access_token"] as? String
        else {
            throw LivePlatformError("registration by hand failed: \(answer.status) \(answer.body)")
        }
        return (id, token)
    }

    static func version(_ platform: LivePlatform, _ path: String) throws -> String {
        ((try platform.fhir("GET", path).json["meta"] as? [String: Any])?["versionId"] as? String) ?? "?"
    }

    static func count(_ platform: LivePlatform, _ type: String) throws -> Int {
        (try platform.fhir("GET", "\(type)?_count=500").json["entry"] as? [Any] ?? []).count
    }

    /// The live workspace of a hospital whose partners were all set up by hand: no partner files yet, its CA made;
    /// and onboard run in it with the platform's environment.
    static func handMadeWorkspace(
        _ platform: LivePlatform
    ) throws -> (Workspace, ([String]) throws -> OnboardBinary.Run) {
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        for file in try FileManager.default.contentsOfDirectory(
            atPath: workspace.root.appendingPathComponent("Partners").path)
        {
            try workspace.remove("Partners/\(file)")
        }
        #expect(try onboard(["ca", "init"]).status == 0)
        return (workspace, onboard)
    }

    @Test("partners made by hand are imported from the platform and adopted in place, ids and client ids kept")
    func importPartnersMadeByHand() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, _) = try Self.handMadeWorkspace(platform)
        let root = workspace.root
        var environment = platform.onboardEnvironment
        func onboard(_ arguments: [String]) throws -> OnboardBinary.Run {
            try OnboardBinary.run(arguments, in: root, environment: environment)
        }

        // A foreign Organization no one adopts, and five partners made by hand, three with clients at glewlwyd.
        #expect(
            try platform.fhir(
                "PUT", "Organization/county-lab",
                ["resourceType": "Organization", "id": "county-lab", "name": "County Laboratory"]
            ).status == 201)
        let partners = [
            (101, "Lakeview Pathology", "provider"), (102, "Bayside Imaging", "diagnostics"),
            (103, "Hillcrest Clinic", "member"),
            (104, "Osei Cardiology", "provider"), (105, "Eastgate Laboratory", "provider"),
        ]
        for (number, name, role) in partners { try Self.makeByHand(platform, number, name: name, role: role) }
        var keys: [String: TestPartner] = [:]
        var clients: [String: (id: String, token: String)] = [:]
        for (id, name) in [
            ("lakeview-pathology", "Lakeview Pathology"), ("bayside-imaging", "Bayside Imaging"),
            ("hillcrest-clinic", "Hillcrest Clinic"),
        ] {
            keys[id] = try TestPartner(id: id, directory: root)
            clients[id] = try Self.registerByHand(platform, name: name, partner: keys[id]!)
        }
        // The administrator granted Lakeview scopes by hand, one beyond what a laboratory may have.
        var lakeview = try platform.oauthClient(clients["lakeview-pathology"]!.id).json
        lakeview["scope"] = ["system/Observation.rs", "system/Observation.crus", "system/Patient.cruds"]
        #expect(try platform.oauthAdmin("PUT", "/client/\(clients["lakeview-pathology"]!.id)", lakeview).status == 200)
        let versions = try ["Organization/county-lab", "Organization/org-101", "Endpoint/ep-101"].map {
            try Self.version(platform, $0)
        }

        // Anyone may register a client at an open registration endpoint: one named with a terminal escape and a
        // bidirectional override reaches the administrator's terminal as visible text only.
        let hostile = try Self.registerByHand(
            platform, name: "Evil\\u001b]0;owned\\u0007\\u202eClient", partner: keys["lakeview-pathology"]!
        ).0

        // Into a review folder first: run again, it counts the files waiting there and writes nothing twice.
        var run = try onboard(["import", "--from-platform", "--template", "laboratory", "--out", "./review/"])
        #expect(run.status == 0 && run.output.contains("Wrote 5 partner files"), "\(run.output)")
        #expect(run.output.contains("wrote review/lakeview-pathology.yaml"), "\(run.output)")
        #expect(run.output.contains("left out: client \(hostile) (Evil?]0;owned??Client)"), "\(run.output)")
        #expect(
            !run.output.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
            "\(run.output)")
        run = try onboard(["import", "--from-platform", "--template", "laboratory", "--out", "review"])
        #expect(run.output.contains("is adopted at review/lakeview-pathology.yaml:"), "\(run.output)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("review").path).count == 5
                + 3)
        try FileManager.default.removeItem(at: root.appendingPathComponent("review"))

        // 1. import writes five partner files with spec.adopt; they validate; nothing on the platform changed.
        run = try onboard(["import", "--from-platform", "--template", "laboratory"])
        #expect(run.status == 0, "\(run.output)")
        let ids = [
            "bayside-imaging", "eastgate-laboratory", "hillcrest-clinic", "lakeview-pathology", "osei-cardiology",
        ]
        for id in ids {
            #expect(
                FileManager.default.fileExists(atPath: root.appendingPathComponent("Partners/\(id).yaml").path),
                "\(id): \(run.output)")
        }
        #expect(run.output.contains("system/Patient.cruds, outside template laboratory's ceiling"), "\(run.output)")
        #expect(
            try ["Organization/county-lab", "Organization/org-101", "Endpoint/ep-101"].map {
                try Self.version(platform, $0)
            } == versions)
        let lakeviewFile = try String(
            contentsOf: root.appendingPathComponent("Partners/lakeview-pathology.yaml"), encoding: .utf8)
        #expect(
            lakeviewFile.contains("template: \"laboratory\"") && lakeviewFile.contains("\"system/Observation.crus\""))
        #expect(
            try String(contentsOf: root.appendingPathComponent("Partners/bayside-imaging.yaml"), encoding: .utf8)
                .contains("template: \"imaging-center\""), "the template whose codings match")
        #expect(try onboard(["validate"]).status == 0)
        // Run again before the apply, import writes no second file for what the first ones adopt.
        run = try onboard(["import", "--from-platform", "--template", "laboratory"])
        #expect(run.status == 0 && run.output.contains("No partner to import"), "\(run.output)")
        #expect(
            run.output.contains(
                "OrganizationAffiliation/aff-101: Organization/org-101 is adopted at Partners/lakeview-pathology.yaml:")
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Partners").path).count == 5
                + 3)
        // Bayside's client is managed with the registration access token its administrator kept, not the admin API.
        try workspace.edit("Partners/bayside-imaging.yaml") {
            $0.replacingOccurrences(
                of: "    client: \"\(clients["bayside-imaging"]!.id)\"",
                with:
                    "    client:\n      id: \"\(clients["bayside-imaging"]!.id)\"\n      registrationTokenEnv: BAYSIDE_REGISTRATION_TOKEN"
            )
        }
        environment["BAYSIDE_REGISTRATION_TOKEN"] = clients["bayside-imaging"]!.token

        // The plan imports everything that exists — never a create of it — and creates only what is new.
        run = try onboard(["plan", "--format", "json"])
        #expect(run.status == 0, "\(run.output)")
        let plan = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] ?? [:]
        let changes = plan["changes"] as? [[String: Any]] ?? []
        func action(_ address: String) -> String? {
            changes.first { $0["address"] as? String == address }?["action"] as? String
        }
        for id in ids {
            for kind in ["organization", "affiliation"] {
                #expect(action("partner/\(id)/\(kind)") == "import", "\(id) \(kind)")
            }
            let endpoint = changes.first { ($0["address"] as? String)?.hasPrefix("partner/\(id)/endpoint/") == true }
            #expect(endpoint?["action"] as? String == "import")
            #expect(action("partner/\(id)/client") == (clients[id] == nil ? "create" : "import"), "\(id) client")
        }
        #expect(!changes.contains { $0["action"] as? String == "delete" || $0["action"] as? String == "replace" })
        #expect(!run.output.contains(clients["bayside-imaging"]!.token), "the registration access token never shows")

        // Apply, converge; ids and client ids unchanged; no duplicates on either server.
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 0, "converges: \(run.output)")
        let state = root.appendingPathComponent(".onboard/state.sqlite").path
        for (index, id) in [
            "lakeview-pathology", "bayside-imaging", "hillcrest-clinic", "osei-cardiology", "eastgate-laboratory",
        ].enumerated() {
            let number = 101 + index
            let recorded = try ExternalTool.run(
                "sqlite3",
                [
                    state,
                    "SELECT address || '=' || platform_id FROM resources WHERE address LIKE 'partner/\(id)/%' ORDER BY address",
                ]
            ).output
            #expect(recorded.contains("partner/\(id)/organization=Organization/org-\(number)"), "\(recorded)")
            #expect(recorded.contains("=Endpoint/ep-\(number)"))
            #expect(recorded.contains("partner/\(id)/affiliation=OrganizationAffiliation/aff-\(number)"))
            if let client = clients[id] { #expect(recorded.contains("partner/\(id)/client=\(client.id)")) }
            let organization = try platform.fhir("GET", "Organization/org-\(number)").body
            #expect(
                organization.contains("\"urn:onboard:deployment\"") && organization.contains("\"value\":\"\(id)\"")
                    || organization.contains("\"value\": \"\(id)\""), "\(organization)")
        }
        #expect(try Self.count(platform, "Organization") == 6, "five partners and the foreign one, nothing twice")
        #expect(try Self.count(platform, "Endpoint") == 6, "five partners' and the gateway's, which services point at")
        #expect(try Self.count(platform, "OrganizationAffiliation") == 5)
        let held = try platform.oauthClients().filter { $0["client_id"] as? String != hostile }
        #expect(held.count == 5, "three adopted, two registered: \(held.map { $0["name"] ?? "" })")
        for (_, name, _) in partners { #expect(held.filter { $0["name"] as? String == name }.count == 1, "\(name)") }
        let stateBytes = try Data(contentsOf: URL(fileURLWithPath: state))
        #expect(
            stateBytes.range(of: Data(clients["bayside-imaging"]!.token.utf8)) == nil, "the token is sealed in state")

        // Adopted and marked now: a later import finds nothing to import.
        run = try onboard(["import", "--from-platform", "--template", "laboratory"])
        #expect(run.status == 0 && run.output.contains("No partner to import"), "\(run.output)")

        // The audit trail says which partners were adopted, naming the Organization each had before onboard.
        let bundle = try platform.fhir("GET", "AuditEvent?_tag=urn:onboard:deployment%7Cst-marys&_count=500").json
        let adopted = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }.filter
        {
            ((($0["subtype"] as? [[String: Any]])?.first?["code"] as? String) ?? "") == "adopted"
        }
        let adoptedOrganizations = Set(
            adopted.compactMap {
                (((($0["entity"] as? [[String: Any]])?.first?["what"]) as? [String: Any])?["reference"] as? String)
            })
        #expect(adoptedOrganizations == Set((101...105).map { "Organization/org-\($0)" }), "\(adopted)")

        // 2. The foreign Organization is untouched.
        #expect(try Self.version(platform, "Organization/county-lab") == versions[0])

        // The hand-granted scopes are now as declared (the one beyond the ceiling taken away), and the partner that
        // registered by hand still gets a token with its own key.
        let lakeviewClient = try platform.oauthClient(clients["lakeview-pathology"]!.id).json
        #expect(
            Set(lakeviewClient["scope"] as? [String] ?? []) == ["system/Observation.rs", "system/Observation.crus"],
            "\(lakeviewClient)")
        #expect(lakeviewClient["software_id"] as? String == "onboard:st-marys:lakeview-pathology")
        for id in ["lakeview-pathology", "bayside-imaging"] {
            let token = try keys[id]!.token(
                platform, clientID: clients[id]!.id,
                scope: id == "lakeview-pathology" ? "system/Observation.rs" : "system/ServiceRequest.rs")
            #expect(token.status == 200, "\(id): \(token.body)")
        }

        // spec.adopt has done its work: removing it changes nothing.
        try workspace.edit("Partners/osei-cardiology.yaml") { String($0[..<$0.range(of: "  adopt:")!.lowerBound]) }
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0)

        // 3. What cannot be adopted is refused at plan time, at file:line:column, and nothing changes.
        var other = try platform.fhir("GET", "Organization/county-lab").json
        other["id"] = "other-deployment"
        other["meta"] = ["tag": [["system": "urn:onboard:deployment", "code": "another-hospital"]]]
        #expect(try platform.fhir("PUT", "Organization/other-deployment", other).status == 201)
        func file(_ id: String, _ adopt: String) -> String {
            "apiVersion: onboard/v1\nkind: Partner\nmetadata:\n  id: \(id)\n  name: \(id)\nspec:\n  template: laboratory\n"
                + "  contacts:\n    - {name: IT, email: it@\(id).example}\n  access: {auth: tls_client_auth}\n  certificate: {}\n  adopt:\n\(adopt)\n"
        }
        try workspace.write(
            "Partners/missing-org.yaml", file("missing-org", "    organization: Organization/does-not-exist"))
        try workspace.write(
            "Partners/foreign-org.yaml", file("foreign-org", "    organization: Organization/other-deployment"))
        try workspace.write("Partners/owned-org.yaml", file("owned-org", "    organization: Organization/org-101"))
        try workspace.write("Partners/twice-a.yaml", file("twice-a", "    organization: Organization/county-lab"))
        try workspace.write("Partners/twice-b.yaml", file("twice-b", "    organization: Organization/county-lab"))
        // Clients: one glewlwyd does not have, one another deployment's onboard marked as its own.
        let foreignClient = try Self.registerByHand(
            platform, name: "Another Hospital's Partner", partner: keys["lakeview-pathology"]!
        ).0
        var marked = try platform.oauthClient(foreignClient).json
        marked["software_id"] = "onboard:another-hospital:their-partner"
        #expect(try platform.oauthAdmin("PUT", "/client/\(foreignClient)", marked).status == 200)
        try workspace.write("Partners/missing-client.yaml", file("missing-client", "    client: no-such-client"))
        try workspace.write("Partners/foreign-client.yaml", file("foreign-client", "    client: \(foreignClient)"))
        // A client registered by hand, named with the registration access token of another client.
        let unclaimed = try Self.registerByHand(platform, name: "Unclaimed Partner", partner: keys["hillcrest-clinic"]!)
            .0
        try workspace.write(
            "Partners/wrong-token.yaml",
            file("wrong-token", "    client:\n      id: \(unclaimed)\n      registrationTokenEnv: WRONG_TOKEN"))
        environment["WRONG_TOKEN"] = clients["bayside-imaging"]!.token
        run = try onboard(["plan"])
        #expect(run.status == 1)
        let expected = [
            ("missing-org", "does not exist on the FHIR server"),
            ("foreign-org", "onboard deployment another-hospital"),
            ("owned-org", "managed by onboard already, as partner/lakeview-pathology/organization"),
            ("twice-a", "adopted at Partners/twice-b.yaml:13:19 too"),
            ("twice-b", "adopted at Partners/twice-a.yaml:13:19 too"),
        ]
        for (id, message) in expected {
            #expect(
                run.output.contains("Partners/\(id).yaml:13:19: error: spec.adopt.organization: "),
                "\(id): \(run.output)")
            #expect(run.output.contains(message), "\(id): \(message)")
        }
        #expect(
            run.output.contains(
                "Partners/missing-client.yaml:13:13: error: spec.adopt.client: the OAuth server has no client no-such-client"
            ), "\(run.output)")
        #expect(
            run.output.contains(
                "Partners/foreign-client.yaml:13:13: error: spec.adopt.client: \(foreignClient) belongs to "
                    + "onboard:another-hospital:their-partner (its software_id)"), "\(run.output)")
        #expect(
            run.output.contains(
                "Partners/wrong-token.yaml:14:11: error: spec.adopt.client: the OAuth server has no client \(unclaimed), "
                    + "or the registration access token given for it does not manage it"), "\(run.output)")
        #expect(!run.output.contains(clients["bayside-imaging"]!.token))
        #expect(run.output.contains("[adoption-refused]"))
        #expect(try Self.version(platform, "Organization/county-lab") == versions[0])
        #expect(try Self.version(platform, "Organization/other-deployment") == "1")
    }
}
