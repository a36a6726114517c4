import Foundation
import OnboardCore
import OnboardSpec
import OnboardTestSupport
import Testing

/// `spec.adopt` in-process: objects made by hand are imported in place — never created anew — then managed like any
/// other; what no partner adopts is never touched; objects that cannot be adopted are refused at plan time at the
/// line naming them.
@Suite struct AdoptionEngineTests {
    /// northside-lab's directory entries and client, made by hand on the in-memory platform before onboard.
    static func handMade(_ bed: EngineBed) async -> String {
        await bed.directory.putBehindOnboard(
            "Organization/org-17",
            [
                "resourceType": "Organization", "id": "org-17", "name": "Northside Lab (by hand)", "active": true,
            ])
        await bed.directory.putBehindOnboard(
            "Endpoint/ep-4",
            [
                "resourceType": "Endpoint", "id": "ep-4", "status": "active", "address": "https://old.example/r4",
            ])
        await bed.directory.putBehindOnboard(
            "OrganizationAffiliation/aff-2",
            [
                "resourceType": "OrganizationAffiliation", "id": "aff-2", "active": true,
                "period": ["start": "2019-05-01"],
            ])
        return await bed.clients.registerBehindOnboard(
            InMemoryDocumentTarget.client("northside by hand", scopes: ["system/Patient.rs"]))
    }

    static func adopt(_ bed: EngineBed, client: String, organization: String = "Organization/org-17") throws {
        try bed.edit("northside-lab") {
            $0 + "\n  adopt:\n    organization: \(organization)\n    endpoints: {results: Endpoint/ep-4}\n"
                + "    affiliation: OrganizationAffiliation/aff-2\n    client: \(client)\n"
        }
    }

    @Test func handMadeObjectsAreImportedInPlaceAndThenManaged() async throws {
        let bed = try EngineBed()
        let client = await Self.handMade(bed)
        await bed.directory.putBehindOnboard(
            "Organization/county-lab", ["resourceType": "Organization", "id": "county-lab"])
        try Self.adopt(bed, client: client)

        let plan = try await bed.plan()
        let northside = Dictionary(
            plan.changes(of: "northside-lab").map { ($0.address.kind, $0) }, uniquingKeysWith: { a, _ in a })
        for (kind, id) in [
            (ResourceKind.organization, "Organization/org-17"), (.endpoint, "Endpoint/ep-4"),
            (.affiliation, "OrganizationAffiliation/aff-2"), (.client, client),
        ] {
            #expect(northside[kind]?.action == .import, "\(kind)")
            #expect(northside[kind]?.adopting == id)
            #expect(northside[kind]?.reasons == [.adopted(platformID: id)])
        }
        #expect(
            northside[.endpoint]?.fields.contains { $0.path == "address" } == true, "the import shows what it changes")
        #expect(northside[.certificate]?.action == .create && northside[.capability]?.action == .create)
        let writesBefore = await bed.directory.writes

        // Saved and applied as planned (a saved plan is checked against the files, not the platform).
        try await bed.apply(plan)
        #expect(try await bed.plan().hasChanges == false)
        let documents = await bed.directory.documents
        #expect(documents["Organization/northside-lab"] == nil, "nothing created beside the adopted organization")
        let organization = documents["Organization/org-17"]
        #expect(organization?.version == 2, "written once, in place")
        #expect(organization?.document["meta"] == OwnershipMarks.meta("st-marys"))
        #expect(documents["Endpoint/ep-4"]?.document["managingOrganization"]?["reference"] == "Organization/org-17")
        #expect(
            documents["OrganizationAffiliation/aff-2"]?.document["participatingOrganization"]?["reference"]
                == "Organization/org-17")
        #expect(
            documents["OrganizationAffiliation/aff-2"]?.document["period"]?["start"] == "2019-05-01",
            "the affiliation keeps its start")
        #expect(documents["Organization/county-lab"]?.version == 1, "a foreign resource is never touched")
        #expect(await bed.platformID(ResourceAddress(partner: "northside-lab", .client)) == client)
        let adopted = try #require(await bed.clients.documents[client]?.document)
        #expect(try ClientMetadata(document: adopted).softwareID == "onboard:st-marys:northside-lab")
        #expect(await bed.clients.documents.count == 5, "one client per partner: none registered for northside-lab")
        #expect(await bed.directory.writes > writesBefore)

        // spec.adopt has done its work: removing it changes nothing, and later edits are ordinary updates.
        try bed.edit("northside-lab") { String($0[..<$0.range(of: "\n  adopt:")!.lowerBound]) }
        #expect(try await bed.plan().hasChanges == false)
        try bed.edit("northside-lab") {
            $0.replacingOccurrences(
                of: "https://fhir.northside-lab.example/r4", with: "https://fhir2.northside-lab.example/r4")
        }
        let edit = try await bed.plan()
        #expect(edit.changes.map(\.address) == [ResourceAddress(partner: "northside-lab", .endpoint, name: "results")])
        #expect(edit.changes.first?.action == .update)
        try await bed.converge()
        #expect(
            await bed.directory.documents["Endpoint/ep-4"]?.document["address"]
                == "https://fhir2.northside-lab.example/r4")
    }

    /// A HealthcareService made by hand is taken over for a partner's service: imported in place, and from then on
    /// named by its own id everywhere a referral meets it — the routes in other partners' affiliations and the
    /// gateway's route and service maps.
    @Test func anAdoptedServiceIsNamedByItsOwnIdEverywhere() async throws {
        let bed = try EngineBed()
        await bed.directory.putBehindOnboard(
            "HealthcareService/hs-chem-9",
            ["resourceType": "HealthcareService", "id": "hs-chem-9", "name": "Chemistry (by hand)", "active": true])
        try bed.edit("northside-lab") {
            $0 + "\n  adopt:\n    services: {northside-lab-chemistry: HealthcareService/hs-chem-9}\n"
        }
        let address = ResourceAddress(partner: "northside-lab", .service, name: "northside-lab-chemistry")
        let plan = try await bed.plan()
        #expect(plan.change(address)?.action == .import)
        #expect(plan.change(address)?.adopting == "HealthcareService/hs-chem-9")
        try await bed.apply(plan)
        #expect(try await bed.plan().hasChanges == false)
        let documents = await bed.directory.documents
        #expect(documents["HealthcareService/northside-lab-chemistry"] == nil, "nothing created beside it")
        let adopted = documents["HealthcareService/hs-chem-9"]?.document
        #expect(adopted?["meta"] == OwnershipMarks.meta("st-marys"))
        #expect(adopted?["identifier"]?.arrayValue?.first?["value"] == "service/northside-lab-chemistry")
        let routes = documents["OrganizationAffiliation/riverside-clinic-affiliation"]?.document["healthcareService"]
        #expect(routes?.arrayValue?.contains(["reference": "HealthcareService/hs-chem-9"]) == true, "\(String(describing: routes))")
        let configuration = try #require(await bed.gateway.configuration)
        #expect(configuration.contains("    northside-lab \"hs-chem-9\";"), "its own service, by its id")
        #expect(configuration.contains("    riverside-clinic \"cardiology hs-chem-9\";"), "the sender's route, by its id")
        // Once recorded, the adoption may leave the file: the id stays.
        try bed.edit("northside-lab") { String($0[..<$0.range(of: "\n  adopt:")!.lowerBound]) }
        #expect(try await bed.plan().hasChanges == false)
    }

    @Test func objectsThatCannotBeAdoptedAreRefusedAtTheLineNamingThem() async throws {
        let bed = try EngineBed()
        let client = await Self.handMade(bed)
        // Marked by another deployment; marked for another partner of this one.
        await bed.directory.putBehindOnboard(
            "Endpoint/ep-4",
            [
                "resourceType": "Endpoint", "id": "ep-4", "meta": OwnershipMarks.meta("other-hospital"),
            ])
        await bed.directory.putBehindOnboard(
            "OrganizationAffiliation/aff-2",
            [
                "resourceType": "OrganizationAffiliation", "id": "aff-2", "meta": OwnershipMarks.meta("st-marys"),
                "identifier": [OwnershipMarks.identifier("harbor-imaging")],
            ])
        try Self.adopt(bed, client: client, organization: "Organization/does-not-exist")
        // Another partner adopts the same client.
        try bed.edit("harbor-imaging") { $0 + "\n  adopt:\n    client: \(client)\n" }

        let error = try await #require(throws: OnboardError.self) { try await bed.plan() }
        #expect(error.code == .adoptionRefused)
        let problems = Dictionary(
            error.diagnostics.map { ("\($0.location.file) \($0.fieldPath)", $0) }, uniquingKeysWith: { a, _ in a })
        let northside = "Partners/northside-lab.yaml"
        #expect(problems["\(northside) spec.adopt.organization"]?.message.contains("does not exist") == true)
        #expect(
            problems["\(northside) spec.adopt.endpoints.results"]?.message.contains("deployment other-hospital") == true
        )
        #expect(problems["\(northside) spec.adopt.affiliation"]?.message.contains("partner harbor-imaging") == true)
        #expect(problems["\(northside) spec.adopt.client"]?.message.contains("Partners/harbor-imaging.yaml:") == true)
        #expect(problems["Partners/harbor-imaging.yaml spec.adopt.client"] != nil)
        let text = try String(contentsOf: bed.workspace.root.appendingPathComponent(northside), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let organization = try #require(problems["\(northside) spec.adopt.organization"]?.location)
        #expect(
            lines[organization.line - 1].dropFirst(organization.column - 1).hasPrefix("Organization/does-not-exist"))
        let recorded = await bed.state.snapshot().resources
        #expect(await bed.directory.writes == 0 && recorded.isEmpty, "nothing was changed")

        // Without reading the platform, an adoption cannot be judged.
        try bed.edit("harbor-imaging") { String($0[..<$0.range(of: "\n  adopt:")!.lowerBound]) }
        let offline = try await #require(throws: OnboardError.self) { try await bed.plan(refresh: false) }
        #expect(offline.diagnostics.contains { $0.message.contains("--refresh=false") })
    }

    @Test func anObjectOnboardAlreadyManagesCannotBeAdoptedAgain() async throws {
        let bed = try EngineBed()
        try await bed.converge()
        try bed.edit("harbor-imaging") { $0 + "\n  adopt:\n    organization: Organization/northside-lab\n" }
        let error = try await #require(throws: OnboardError.self) { try await bed.plan() }
        #expect(
            error.diagnostics.first?.message.contains(
                "managed by onboard already, as partner/northside-lab/organization") == true)
        #expect(error.diagnostics.first?.location.file == "Partners/harbor-imaging.yaml", "\(error.diagnostics)")
    }
}
