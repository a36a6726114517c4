import Foundation
import OnboardCore
import OnboardPKI
import OnboardState
import OnboardTestSupport
import Testing

/// What every state backend must do, written once and run against each (`StateBackend`): a lineage fixed at
/// creation, a serial that only grows, resources kept exactly, sealed secrets kept sealed, the journal, and a lock
/// that refuses a second holder by name and is freed when its holder dies.
@Suite struct StateStoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let alice = LockHolder(user: "alice", host: "ci-runner-7", processID: 4242, operation: "apply", since: now)

    func record(_ partner: String, _ kind: ResourceKind, id: String, sealed: String? = nil) -> ResourceRecord {
        ResourceRecord(
            address: ResourceAddress(partner: partner, kind), platformID: id, document: ["id": .string(id)],
            appliedAt: Self.now, version: "3", sealed: sealed
        )
    }

    @Test(arguments: StateBackend.allCases)
    func lineageIsFixedAtCreationAndSurvivesReopening(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let first = try await storage.reopen().snapshot()
        #expect(!first.lineage.isEmpty)
        #expect(first.resources.isEmpty && first.lastApply == nil)
        #expect(try await storage.reopen().snapshot().lineage == first.lineage)
        #expect(try await backend.make().reopen().snapshot().lineage != first.lineage, "another state, another lineage")
    }

    @Test(arguments: StateBackend.allCases)
    func theSerialGrowsWithEveryWriteAndNeverGoesBack(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let store = try storage.reopen()
        var serials = [try await store.snapshot().serial]
        serials.append(try await store.save(record("lab", .client, id: "c1")))
        serials.append(try await store.save(record("lab", .client, id: "c2")))
        serials.append(try await store.remove(ResourceAddress(partner: "lab", .client)))
        _ = try await store.beginApply(actor: "alice", gitCommit: nil, planDigest: "d", at: Self.now)
        serials.append(try await store.snapshot().serial)
        #expect(serials == serials.sorted() && Set(serials).count == serials.count, "\(serials)")
        #expect(try await storage.reopen().snapshot().serial == serials.last, "kept across reopening")
    }

    @Test(arguments: StateBackend.allCases)
    func resourcesAreKeptExactlyReplacedAndRemoved(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let store = try storage.reopen()
        let client = record("lab", .client, id: "client-1")
        let organization = record("lab", .organization, id: "Organization/lab")
        try await store.save(client)
        try await store.save(organization)
        var resources = try await storage.reopen().snapshot().resources
        #expect(resources[client.address] == client)
        #expect(resources[organization.address] == organization)

        let replaced = ResourceRecord(
            address: client.address, platformID: "client-1",
            document: ["id": "client-1", "scope": "system/Patient.rs"],
            appliedAt: Self.now.addingTimeInterval(60), version: "4"
        )
        try await store.save(replaced)
        try await store.remove(organization.address)
        resources = try await storage.reopen().snapshot().resources
        #expect(resources[client.address] == replaced)
        #expect(resources[organization.address] == nil)
        #expect(resources.count == 1)
    }

    @Test(arguments: [StateBackend.sqlite, .postgres])
    func recordsOfAnEarlierFormAreReadInTodaysFormAndLeftAsStored(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let store = try storage.reopen()
        let old: JSONValue = ["form": "earlier", "scope": "system/Patient.rs"]
        let client = ResourceRecord(
            address: ResourceAddress(partner: "lab", .client), platformID: "client-1", document: old,
            appliedAt: Self.now,
            version: "2", sealed: "sealed")
        let organization = ResourceRecord(
            address: ResourceAddress(partner: "lab", .organization), platformID: "Organization/lab", document: old,
            appliedAt: Self.now)
        try await store.save(client)
        let serial = try await store.save(organization)
        let upgrade = RecordUpgrade(kind: .client) { record in
            guard record.document["form"] == "earlier" else { return nil }
            return ResourceRecord(
                address: record.address, platformID: record.platformID, document: ["form": "today"],
                appliedAt: record.appliedAt, version: record.version, sealed: record.sealed)
        }
        let upgraded = try await storage.reopen(upgrade: upgrade).snapshot()
        let read = try #require(upgraded.resources[client.address])
        #expect(read.document == ["form": "today"])
        #expect(read.platformID == "client-1" && read.version == "2" && read.sealed == "sealed")
        #expect(upgraded.resources[organization.address] == organization, "only records of the upgrade's kind")
        #expect(upgraded.serial == serial, "reading writes nothing")
        #expect(try await storage.reopen().snapshot().resources[client.address] == client, "stored as it was")
    }

    @Test(arguments: StateBackend.allCases)
    func sealedSecretsStaySealed(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let token = "registration-access-token-\(UUID().uuidString)"
        let sealer = try StateSealer(passphrase: "state-key-for-the-contract-Vq7Nz2Lx9", variable: "ONBOARD_STATE_KEY")
        let sealed = try await sealer.seal(token)
        #expect(
            sealed.hasPrefix("sealed:v2:") && sealed.split(separator: ":").count == 4,
            "salt beside the value: \(sealed)")
        try await storage.reopen().save(record("lab", .client, id: "client-1", sealed: sealed))
        let kept = try #require(
            try await storage.reopen().snapshot().resources[ResourceAddress(partner: "lab", .client)])
        #expect(kept.sealed == sealed)
        #expect(try await sealer.open(try #require(kept.sealed)) == token)
        if let raw = await storage.rawBytes() {
            #expect(!raw.isEmpty)
            #expect(raw.range(of: Data(token.utf8)) == nil, "the token is nowhere in the backend's bytes")
        }
    }

    @Test(arguments: StateBackend.allCases)
    func journalStepsAreKeptInOrderUpdatedInPlaceAndAuditedOnce(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let store = try storage.reopen()
        let id = try await store.beginApply(actor: "alice", gitCommit: "0123abc", planDigest: "sha256:1", at: Self.now)
        let renewal = PlannedChange(
            address: ResourceAddress(partner: "lab", .certificate), action: .replace,
            reasons: [.renewalDue(daysLeft: 9)],
            fields: [FieldChange(path: "status", before: "a", after: "b")], desired: nil
        )
        let scopes = PlannedChange(
            address: ResourceAddress(partner: "lab", .client), action: .update, reasons: [.changedFields],
            fields: [FieldChange(path: "scope", before: "x", after: "y")], desired: nil
        )
        var second = JournalStep(journalID: id, index: 1, change: scopes, at: Self.now, previousPlatformID: "client-1")
        try await store.saveStep(second)
        var first = JournalStep(journalID: id, index: 0, change: renewal, at: Self.now, previousPlatformID: "0A")
        try await store.saveStep(first)
        (first.status, first.platformID) = (.done, "0B")
        try await store.saveStep(first)
        second.status = .failed
        try await store.saveStep(second)

        var records = try await storage.reopen().journalRecords()
        #expect(records.count == 1 && records[0].entry.id == id && !records[0].audited)
        #expect(records[0].steps == [first, second], "in plan order, each as last saved")
        #expect(records[0].steps[0].reasons == [.renewalDue(daysLeft: 9)] && records[0].steps[1].fields == ["scope"])
        try await store.markAudited(id)
        records = try await storage.reopen().journalRecords()
        #expect(records[0].audited)
    }

    @Test(arguments: StateBackend.allCases)
    func theJournalRecordsEachApplyAndMarksAnAbandonedOneInterrupted(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let store = try storage.reopen()
        let first = try await store.beginApply(
            actor: "alice", gitCommit: "0123abc", planDigest: "sha256:1", at: Self.now)
        var last = try #require(try await store.snapshot().lastApply)
        #expect(last.id == first && last.outcome == .running && last.finishedAt == nil && last.counts == nil)
        #expect(last.actor == "alice" && last.gitCommit == "0123abc" && last.planDigest == "sha256:1")
        #expect(last.startedAt == Self.now)

        var counts = ApplyCounts(planned: 3)
        counts.count(.create)
        counts.count(.update)
        try await store.finishApply(first, outcome: .succeeded, counts: counts, at: Self.now.addingTimeInterval(5))
        last = try #require(try await storage.reopen().snapshot().lastApply)
        #expect(
            last.outcome == .succeeded && last.counts == counts && last.finishedAt == Self.now.addingTimeInterval(5))

        let abandoned = try await store.beginApply(actor: "bob", gitCommit: nil, planDigest: "sha256:2", at: Self.now)
        let next = try await store.beginApply(actor: "carol", gitCommit: nil, planDigest: "sha256:3", at: Self.now)
        #expect(next != abandoned && next != first)
        #expect(try await storage.reopen().snapshot().lastApply?.id == next)
        if case .memory(let memory) = storage {
            #expect(await memory.entries.first { $0.id == abandoned }?.outcome == .interrupted)
        }
    }

    @Test(arguments: StateBackend.allCases)
    func aHeldLockRefusesASecondHolderByNameUntilReleased(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        let lock = try await storage.reopen().lock(Self.alice)
        let bob = LockHolder(user: "bob", host: "laptop", processID: 7, operation: "apply", since: Self.now)
        await #expect { _ = try await storage.reopen().lock(bob) } throws: { error in
            let error = error as? OnboardError
            return error?.code == .locked && error?.message.contains("alice@ci-runner-7 (pid 4242, apply since") == true
        }
        await lock.release()
        let second = try await storage.reopen().lock(bob)
        await second.release()
    }

    @Test(arguments: StateBackend.allCases)
    func theLockIsFreedWhenItsHolderDies(_ backend: StateBackend) async throws {
        let storage = try await backend.make()
        _ = try await storage.reopen().snapshot()
        guard let holder = try await storage.holdLockInAnotherProcess(Self.alice) else { return }
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        await #expect { _ = try await storage.reopen().lock(Self.alice) } throws: {
            ($0 as? OnboardError)?.code == .locked && "\($0)".contains("alice@ci-runner-7")
        }
        kill(holder.processIdentifier, SIGKILL)
        var freed: (any StateLock)?
        for _ in 0..<100 where freed == nil {
            freed = try? await storage.reopen().lock(Self.alice)
            if freed == nil { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        #expect(freed != nil, "the kernel frees the lock of a killed holder")
        await freed?.release()
    }
}
