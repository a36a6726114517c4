import Foundation
import OnboardCore
import OnboardTestSupport
import Testing

/// The planner and applier in-process, on in-memory ports and a fixed clock: one test per change reason, the order of
/// changes, the removal guard, stale plans, conflicts and interrupted applies — asserted on typed plans and on what
/// the ports hold, never on rendered text.
@Suite struct ReconcileEngineTests {
    /// The example network applied, converged.
    func applied() async throws -> EngineBed {
        let bed = try EngineBed()
        try await bed.converge()
        return bed
    }

    @Test func newPartnersAreCreatedInDependencyOrder() async throws {
        let bed = try EngineBed()
        let plan = try await bed.plan()
        #expect(plan.changes.allSatisfy { $0.action == .create })
        for change in plan.changes.filter({ $0.address.partnerID != nil }) {
            #expect(change.reasons == [.newPartner], "\(change.address)")
        }
        #expect(plan.change(.gateway)?.reasons == [.newResource])
        #expect(plan.change(.crl)?.reasons == [.newResource])
        // Per partner: certificate, client, organization, endpoints, services, affiliation, capability; gateway and
        // CRL last.
        let northside = plan.changes(of: "northside-lab").map(\.address.kind)
        #expect(northside == [.certificate, .client, .organization, .endpoint, .service, .affiliation, .capability])
        #expect(plan.changes.suffix(2).map(\.address) == [.gateway, .crl])

        let (_, summary) = try await bed.apply()
        #expect(summary?.counts.created == plan.changes.count)
        #expect(await bed.gateway.configuration != nil)
        #expect(await bed.directory.documents["Organization/northside-lab"] != nil)
        #expect(try await bed.plan().hasChanges == false)
        let journal = await bed.state.entries
        #expect(journal.count == 1)
        #expect(journal.first?.outcome == .succeeded)
        #expect(journal.first?.counts?.created == plan.changes.count)
    }

    @Test func aClientOfThisDeploymentThatStateDoesNotKnowIsPlannedAsADeletion() async throws {
        let bed = try await applied()
        let orphan = await bed.clients.registerBehindOnboard(
            InMemoryDocumentTarget.client("x", softwareID: "onboard:st-marys:northside-lab"))
        let foreign = await bed.clients.registerBehindOnboard(
            InMemoryDocumentTarget.client("y", softwareID: "onboard:other-hospital:northside-lab"))
        let unmarked = await bed.clients.registerBehindOnboard(InMemoryDocumentTarget.client("registered by hand"))
        let plan = try await bed.plan()
        let address = ResourceAddress(partner: "northside-lab", .orphanClient, name: orphan)
        #expect(plan.changes.map(\.address) == [address], "only the orphan: \(plan.changes.map(\.address))")
        #expect(plan.change(address)?.action == .delete)
        #expect(plan.change(address)?.reasons == [.drift(.orphanClient(clientID: orphan))])
        #expect(ResourceAddress(address.description) == address, "the address reads back from a plan file")
        #expect(try await bed.plan(refresh: false).hasChanges == false, "found only by reading the platform")
        try await bed.converge()
        let left = await bed.clients.documents
        #expect(left[orphan] == nil)
        #expect(left[foreign] != nil && left[unmarked] != nil, "clients of others are never touched")
        #expect(await bed.state.snapshot().resources[address] == nil)
    }

    @Test func aNewEndpointIsANewResource() async throws {
        let bed = try await applied()
        try bed.edit("northside-lab") {
            $0.replacingOccurrences(
                of: "  access:\n",
                with: """
                        - name: orders
                          connectionType: hl7-fhir-msg
                          address: https://msg.northside-lab.example/fhir
                      access:

                    """)
        }
        let plan = try await bed.plan()
        let endpoint = ResourceAddress(partner: "northside-lab", .endpoint, name: "orders")
        #expect(plan.change(endpoint)?.action == .create)
        #expect(plan.change(endpoint)?.reasons == [.newResource])
        #expect(plan.change(.partner("northside-lab", .organization))?.reasons == [.changedFields])
        try await bed.converge()
        #expect(await bed.directory.documents["Endpoint/northside-lab-orders"] != nil)
    }

    @Test func aRemovedScopeChangesFieldsOfClientCapabilityAndGateway() async throws {
        let bed = try await applied()
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "") }
        let plan = try await bed.plan()
        let client = try #require(plan.change(.partner("northside-lab", .client)))
        #expect(client.action == .update)
        #expect(client.reasons == [.changedFields])
        let scope = try #require(client.fields.first { ClientMetadata.isScopeField($0.path) })
        #expect(scope.before == "system/DiagnosticReport.cu" && scope.after == nil, "\(client.fields)")
        #expect(plan.change(.partner("northside-lab", .capability))?.reasons == [.changedFields])
        #expect(plan.change(.gateway)?.action == .update)
        #expect(plan.change(.partner("northside-lab", .certificate)) == nil, "a scope change needs no new certificate")
        try await bed.converge()
        let id = try #require(await bed.platformID(.partner("northside-lab", .client)))
        let registered = try #require(await bed.clients.documents[id]?.document)
        #expect(
            try ClientMetadata(document: registered).scopeTexts == [
                "system/ServiceRequest.rs", "system/Observation.cu", "system/Task.rus", "system/Patient.rs",
            ])
    }

    @Test func anEditOnThePlatformIsDriftAndIsRepaired() async throws {
        let bed = try await applied()
        await bed.directory.editBehindOnboard("Endpoint/northside-lab-results") { document in
            guard case .object(var object) = document else { return document }
            object["address"] = "https://evil.example/r4"
            return .object(object)
        }
        let plan = try await bed.plan()
        let endpoint = try #require(plan.change(ResourceAddress(partner: "northside-lab", .endpoint, name: "results")))
        #expect(endpoint.action == .update)
        #expect(endpoint.reasons == [.drift(.changed)])
        #expect(
            endpoint.fields.contains { $0.path == "address" && $0.after == "https://fhir.northside-lab.example/r4" })
        #expect(try await bed.plan(refresh: false).hasChanges == false, "without refresh, recorded state is trusted")
        try await bed.converge()
        #expect(
            await bed.directory.documents["Endpoint/northside-lab-results"]?.document["address"]
                == "https://fhir.northside-lab.example/r4")
    }

    @Test func aResourceDeletedOnThePlatformIsDriftMissingAndIsRecreated() async throws {
        let bed = try await applied()
        let id = try #require(await bed.platformID(.partner("riverside-clinic", .client)))
        await bed.clients.deleteBehindOnboard(id)
        let plan = try await bed.plan()
        let client = try #require(plan.change(.partner("riverside-clinic", .client)))
        #expect(client.action == .create)
        #expect(client.reasons == [.drift(.missing)])
        try await bed.converge()
    }

    @Test func aCertificateInItsRenewalWindowIsReplaced() async throws {
        let bed = try await applied()
        let old = try #require(await bed.platformID(.partner("northside-lab", .certificate)))
        // The laboratory template renews 30 days before expiry; the certificate is valid 365 days.
        await bed.advance(days: 300)
        #expect(try await bed.plan().change(.partner("northside-lab", .certificate)) == nil, "65 days left: not yet")
        await bed.advance(days: 40)
        let plan = try await bed.plan()
        let renewal = try #require(plan.change(.partner("northside-lab", .certificate)))
        #expect(renewal.action == .replace)
        #expect(renewal.reasons == [.renewalDue(daysLeft: 25)])
        #expect(plan.change(.crl) != nil, "the old certificate goes on the CRL")
        try await bed.converge()
        let new = try #require(await bed.platformID(.partner("northside-lab", .certificate)))
        #expect(new != old)
        let inventory = await bed.ca.inventory()
        #expect(inventory.first { $0.serial == old }?.revocation?.reason == .superseded)
    }

    @Test func suspensionHoldsTheCertificateAndLiftingItReleases() async throws {
        let bed = try await applied()
        let serial = try #require(await bed.platformID(.partner("northside-lab", .certificate)))
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "status: active", with: "status: suspended") }
        let suspend = try await bed.plan()
        #expect(suspend.change(.partner("northside-lab", .certificate))?.reasons == [.suspended])
        #expect(suspend.change(.partner("northside-lab", .client))?.reasons == [.suspended])
        try await bed.converge()
        #expect(await bed.ca.inventory().first { $0.serial == serial }?.revocation?.reason == .certificateHold)

        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "status: suspended", with: "status: active") }
        let resume = try await bed.plan()
        #expect(resume.change(.partner("northside-lab", .certificate))?.reasons == [.resumed])
        try await bed.converge()
        #expect(await bed.platformID(.partner("northside-lab", .certificate)) == serial, "lifted, not re-issued")
        #expect(await bed.ca.inventory().first { $0.serial == serial }?.revocation == nil)
    }

    @Test func offboardingRevokesAndRemovesTheClientButKeepsHistory() async throws {
        let bed = try await applied()
        let serial = try #require(await bed.platformID(.partner("northside-lab", .certificate)))
        let clientID = try #require(await bed.platformID(.partner("northside-lab", .client)))
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "status: active", with: "status: offboarded") }
        let plan = try await bed.plan()
        #expect(plan.change(.partner("northside-lab", .certificate))?.reasons == [.offboarded])
        #expect(plan.change(.partner("northside-lab", .client))?.action == .delete)
        #expect(plan.change(.partner("northside-lab", .client))?.reasons == [.offboarded])
        #expect(plan.change(.partner("northside-lab", .affiliation))?.reasons == [.offboarded])
        try await bed.converge()
        #expect(await bed.clients.documents[clientID] == nil)
        #expect(await bed.ca.inventory().first { $0.serial == serial }?.revocation?.reason == .cessationOfOperation)
        #expect(await bed.directory.documents["Organization/northside-lab"] != nil, "history is kept")
    }

    @Test func removalIsGuardedThenDeletesInReverseOrder() async throws {
        let bed = try await applied()
        try bed.workspace.remove("Partners/riverside-clinic.yaml")
        await #expect { try await bed.plan() } throws: { ($0 as? OnboardError)?.code == .removalRefused }
        await #expect { try await bed.apply() } throws: { ($0 as? OnboardError)?.code == .removalRefused }
        #expect(await bed.state.entries.count == 1, "a refused apply changes nothing")

        let plan = try await bed.plan(allowRemoval: true)
        let removals = plan.changes(of: "riverside-clinic")
        #expect(removals.allSatisfy { $0.action == .delete && $0.reasons == [.removedFromFiles] })
        #expect(
            removals.map(\.address.kind) == [
                .capability, .affiliation, .endpoint, .organization, .client, .certificate,
            ])
        let clientID = try #require(await bed.platformID(.partner("riverside-clinic", .client)))
        try await bed.converge(allowRemoval: true)
        #expect(await bed.clients.documents[clientID] == nil)
        #expect(await bed.state.snapshot().resources.keys.contains { $0.partnerID == "riverside-clinic" } == false)
    }

    @Test func aSavedPlanIsRefusedOnceTheStateMoved() async throws {
        let bed = try await applied()
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "") }
        let saved = try await bed.plan()
        try bed.edit("riverside-clinic") {
            $0.replacingOccurrences(of: "Riverside Family Clinic", with: "Riverside Clinic")
        }
        await #expect { try await bed.apply(saved) } throws: { ($0 as? OnboardError)?.code == .stalePlan }
        try await bed.apply()
        await #expect { try await bed.apply(saved) } throws: { error in
            let error = error as? OnboardError
            return error?.code == .stalePlan && error?.message.contains("state serial") == true
        }
    }

    @Test func anEditAfterThePlanIsAConflictAndNothingIsOverwritten() async throws {
        let bed = try await applied()
        try bed.edit("northside-lab") {
            $0.replacingOccurrences(of: "Northside Diagnostic Laboratory", with: "Northside Lab")
        }
        let saved = try await bed.plan()
        #expect(saved.change(.partner("northside-lab", .organization))?.action == .update)
        await bed.directory.editBehindOnboard("Organization/northside-lab") { document in
            guard case .object(var object) = document else { return document }
            object["alias"] = ["edited by hand"]
            return .object(object)
        }
        let error = try await #require(throws: OnboardError.self) { try await bed.apply(saved) }
        #expect(error.code == .conflict)
        #expect(
            error.message.hasPrefix("apply stopped at partner/northside-lab/organization: ")
                && !error.message.contains(".."), "\(error.message)")
        #expect(await bed.directory.documents["Organization/northside-lab"]?.document["alias"] == ["edited by hand"])
        #expect(await bed.state.entries.last?.outcome.description.hasPrefix("failed") == true)
        let replanned = try await bed.plan()
        #expect(replanned.change(.partner("northside-lab", .organization))?.reasons.contains(.drift(.changed)) == true)
    }

    @Test func anInterruptedApplyResumesWithoutDuplicates() async throws {
        let bed = try EngineBed()
        let first = try await bed.plan()
        let planned = first.changes.count
        // The first partner batch fails on its first write (the hospital's three directory writes went before it).
        await bed.directory.failWrite(after: 3)
        await #expect { try await bed.apply() } throws: { error in
            let error = error as? OnboardError
            return error?.code == .unreachable && error?.message.contains("changes were applied and recorded") == true
        }
        let interrupted = await bed.state.entries.last
        #expect(interrupted?.outcome.description.hasPrefix("failed") == true)
        let done = interrupted?.counts?.applied ?? 0
        #expect(done > 0 && done < planned)

        let rest = try await bed.plan()
        #expect(rest.changes.count == planned - done, "what was recorded is not planned again")
        try await bed.converge()
        let organizations = await bed.directory.documents.keys.filter { $0.hasPrefix("Organization/") }
        let organizationsPlanned = first.changes.filter { $0.address.kind == .organization }.count
        #expect(organizations.count == organizationsPlanned, "none duplicated: \(organizations.sorted())")
        let clients = await bed.clients.documents.count
        #expect(clients == first.changes.filter { $0.address.kind == .client }.count)
        #expect(
            await bed.directory.writes
                == first.changes.filter { ![.certificate, .client, .gateway, .crl].contains($0.address.kind) }.count)
    }
}
