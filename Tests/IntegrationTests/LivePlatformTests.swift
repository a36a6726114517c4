import Foundation
import OnboardTestSupport
import Testing

/// The end-to-end proof on real servers: the example network applied to sekmet-fhir, glewlwyd and nginx with the
/// shipped live deployment (examples/live/onboard.yaml); a partner played by the test gets a token and calls FHIR
/// through the gateway; drift, conflicts, an unreachable server and offboarding are handled on the real platform.
@Suite("Live platform", .serialized)
struct LivePlatformTests {
    @Test("apply, partner traffic, drift, conflict, outage and offboarding on the real platform")
    func endToEnd() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        let root = workspace.root
        func clientID(_ partner: String) throws -> String {
            let kit = try Data(contentsOf: root.appendingPathComponent("out/kits/\(partner)/client.json"))
            return (try JSONSerialization.jsonObject(with: kit) as? [String: Any])?["client_id"] as? String ?? ""
        }
        // A resource onboard does not own, which it must never modify or delete.
        let foreign: [String: Any] = [
            "resourceType": "Organization", "id": "county-lab", "name": "County Laboratory", "active": true,
        ]
        #expect(try platform.fhir("PUT", "Organization/county-lab", foreign).status == 201)

        // 1. The example network, unchanged: riverside-clinic's tls_client_auth client is kept through glewlwyd's admin
        // API (its RFC 7591 endpoint refuses the method), bound to the SAN URI of its certificate.
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        for path in [
            "Organization/northside-lab", "Endpoint/northside-lab-results",
            "OrganizationAffiliation/northside-lab-affiliation",
            "CapabilityStatement/northside-lab-capability",
        ] {
            let resource = try platform.fhir("GET", path)
            #expect(resource.status == 200, "\(path): \(resource.body)")
            #expect(resource.body.contains("\"urn:onboard:deployment\""), "\(path) carries onboard's tag")
        }
        let northside = try platform.oauthClient(try clientID("northside-lab"))
        #expect(northside.status == 200)
        #expect(
            (northside.json["scope"] as? [String])?.contains("system/ServiceRequest.rs") == true, "\(northside.body)")
        #expect(
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent(".peers/nginx/conf.d/onboard-partners.conf").path))
        #expect(
            try platform.curl(["\(platform["GATEWAY_URL"])/fhir/Patient"]).status == 400,
            "no client certificate, no entry")

        // 2. A new partner, played by the test: token by private_key_jwt, FHIR through the gateway with its certificate.
        let partner = try TestPartner(id: "lakeside-lab", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/lakeside-lab.jwks.json", partner.jwks)
        try workspace.write("Partners/lakeside-lab.yaml", Self.lakeside(status: "active"))
        let started = Date()
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let lakesideClient = try clientID("lakeside-lab")
        let token = try partner.token(
            platform, clientID: lakesideClient, scope: "system/Observation.rs system/ServiceRequest.rs")
        #expect(token.status == 200, "\(token.body)")
        let accessToken = token.json["access_token"] as? String ?? ""
        let certificate = root.appendingPathComponent("out/kits/lakeside-lab/certificate.pem")
        // nginx reloads asynchronously: old workers may answer (403, unknown partner) for a moment.
        let allowed = try Self.eventually(200) {
            try partner.call(platform, "/fhir/Observation?_count=1", certificate: certificate, token: accessToken)
        }
        let firstCall = Date().timeIntervalSince(started)
        #expect(allowed.status == 200, "\(allowed.body)")
        #expect(
            try partner.call(platform, "/fhir/Patient?_count=1", certificate: certificate, token: accessToken).status
                == 403)
        let search = try partner.call(platform, "/fhir/Observation", certificate: certificate, token: accessToken)
        #expect(search.status == 200, "\(search.status) \(search.body)")
        print(
            "figure: apply of a new partner to its first FHIR call through the gateway: \(String(format: "%.2f", firstCall)) s"
        )

        // 3. No changes; drift repaired; what onboard does not own is untouched.
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("No changes"))
        if let line = run.output.split(separator: "\n").first(where: { $0.contains("HTTP requests") }) {
            print("figure: no-change plan of the example network: \(line)")
        }
        var endpoint = try platform.fhir("GET", "Endpoint/lakeside-lab-results").json
        endpoint["address"] = "https://elsewhere.example/fhir"
        #expect(try platform.fhir("PUT", "Endpoint/lakeside-lab-results", endpoint).status == 200)
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 2)
        #expect(run.output.contains("partner/lakeside-lab/endpoint/results"))
        #expect(run.output.contains("drift: changed on the platform"))
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        #expect(
            try platform.fhir("GET", "Endpoint/lakeside-lab-results").json["address"] as? String
                == "https://fhir.lakeside-lab.example/r4")
        let untouched = try platform.fhir("GET", "Organization/county-lab").json
        #expect((untouched["meta"] as? [String: Any])?["versionId"] as? String == "1")
        #expect(untouched["name"] as? String == "County Laboratory")

        // 5a. An edit made on the server after the plan: 412, reported, not overwritten.
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(
                of: "https://fhir.northside-lab.example/r4", with: "https://fhir2.northside-lab.example/r4")
        }
        #expect(try onboard(["plan", "--out", "change.plan"]).status == 0)
        var results = try platform.fhir("GET", "Endpoint/northside-lab-results").json
        results["name"] = "Edited by the FHIR team"
        #expect(try platform.fhir("PUT", "Endpoint/northside-lab-results", results).status == 200)
        run = try onboard(["apply", "change.plan"])
        #expect(run.status == 1)
        #expect(
            run.output.contains("Endpoint/northside-lab-results was changed on the FHIR server since onboard read it"),
            "\(run.output)")
        #expect(
            try platform.fhir("GET", "Endpoint/northside-lab-results").json["name"] as? String
                == "Edited by the FHIR team")
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        let repaired = try platform.fhir("GET", "Endpoint/northside-lab-results").json
        #expect(repaired["address"] as? String == "https://fhir2.northside-lab.example/r4")

        // 5b. The FHIR server stops mid-apply: the client is updated, the directory is not; after a restart the next
        // apply finishes the job.
        try workspace.edit("Partners/lakeside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/ServiceRequest.rs\n", with: "")
        }
        try LivePlatform.peers(["stop", "fhir"])
        run = try onboard(["apply", "--auto-approve", "--refresh=false"])
        #expect(run.status == 1)
        #expect(run.output.contains("the FHIR server at https://127.0.0.1"), "\(run.output)")
        #expect(run.output.contains("cannot be reached"))
        #expect(run.output.contains("partner/lakeside-lab/client: done"))
        try LivePlatform.peers(["start", "--keep-data", "fhir"])
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 0, "\(run.output)")

        // 4. Offboarding: token refused, certificate refused by the gateway (CRL), Endpoint off.
        try workspace.write(
            "Partners/lakeside-lab.yaml",
            Self.lakeside(status: "offboarded").replacingOccurrences(of: "      - system/ServiceRequest.rs\n", with: "")
        )
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let refused = try partner.token(platform, clientID: lakesideClient, scope: "system/Observation.rs")
        #expect(refused.status != 200, "\(refused.body)")
        #expect(refused.json["access_token"] == nil)
        let revoked = try Self.eventually(400) {
            try partner.call(platform, "/fhir/Observation", certificate: certificate, token: accessToken)
        }
        #expect(revoked.status == 400, "the gateway refuses the revoked certificate: \(revoked.body)")
        #expect(try platform.fhir("GET", "Endpoint/lakeside-lab-results").json["status"] as? String == "off")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0)
        // glewlwyd keeps a client deleted through RFC 7592, disabled; `show` says so.
        #expect(try platform.oauthClient(lakesideClient).json["enabled"] as? Bool == false)
        let shown = try onboard(["show"]).output
        #expect(shown.contains("glewlwyd keeps such a client, disabled (it can get no token)"), "\(shown)")

        // A resource already at an id onboard would create, without onboard's tag: refused, left as it is.
        let squatter: [String: Any] = ["resourceType": "Organization", "id": "pine-lab", "name": "Pine Lab (theirs)"]
        #expect(try platform.fhir("PUT", "Organization/pine-lab", squatter).status == 201)
        let pine = try TestPartner(id: "pine-lab", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/pine-lab.jwks.json", pine.jwks)
        try workspace.write(
            "Partners/pine-lab.yaml",
            Self.lakeside(status: "active")
                .replacingOccurrences(of: "lakeside-lab", with: "pine-lab").replacingOccurrences(
                    of: "Lakeside", with: "Pine"))
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 1)
        #expect(
            run.output.contains("Organization/pine-lab exists on the FHIR server without onboard's tag"),
            "\(run.output)")
        #expect(try platform.fhir("GET", "Organization/pine-lab").json["name"] as? String == "Pine Lab (theirs)")

        // Secrets: registration access tokens are sealed in state and appear in no output.
        let state = try ExternalTool.run(
            "sqlite3",
            [
                root.appendingPathComponent(".onboard/state.sqlite").path,
                "SELECT sealed FROM resources WHERE sealed IS NOT NULL",
            ])
        #expect(!state.output.isEmpty)
        #expect(state.output.split(separator: "\n").allSatisfy { $0.hasPrefix("sealed:v2:") })
        #expect(!run.output.contains("registration_access_token"))
    }

    /// Repeats a request until it answers `status` (at most 10 s), returning the last answer.
    static func eventually(_ status: Int, _ request: () throws -> LivePlatform.Response) throws -> LivePlatform.Response
    {
        let deadline = Date().addingTimeInterval(10)
        var response = try request()
        while response.status != status, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            response = try request()
        }
        return response
    }

    static func lakeside(status: String) -> String {
        """
        apiVersion: onboard/v1
        kind: Partner
        metadata:
          id: lakeside-lab
          name: Lakeside Laboratory
        spec:
          template: laboratory
          status: \(status)
          contacts:
            - {name: Lakeside IT, email: it@lakeside-lab.example}
          endpoints:
            - name: results
              connectionType: hl7-fhir-rest
              address: https://fhir.lakeside-lab.example/r4
              payloadMimeTypes: [application/fhir+json]
          access:
            auth: private_key_jwt
            jwks: lakeside-lab.jwks.json
            scopes:
              - system/Observation.rs
              - system/ServiceRequest.rs
          certificate:
            csr: lakeside-lab.csr.pem
            validityDays: 90

        """
    }
}
