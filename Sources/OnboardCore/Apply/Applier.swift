import Foundation
import OnboardSpec

/// Carries out a plan, in order, recording each resource in state as soon as the platform has it — so an apply
/// interrupted at any point leaves a state from which the next plan/apply converges without duplicates.
public struct Applier: Sendable {
    public let ports: PlatformPorts
    public let deployment: DeploymentInput
    public let kitTemplate: String?
    public let observer: @Sendable (ApplyEvent) -> Void

    public init(
        ports: PlatformPorts, deployment: DeploymentInput, kitTemplate: String?,
        observer: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) {
        self.ports = ports
        self.deployment = deployment
        self.kitTemplate = kitTemplate
        self.observer = observer
    }

    public func apply(
        _ plan: Plan, desired: DesiredState, actor: String, gitCommit: String?
    ) async throws -> ApplySummary {
        let journal = try await ports.state.beginApply(
            actor: actor, gitCommit: gitCommit, planDigest: plan.digest, at: ports.clock.now()
        )
        let audit = AuditTrail(ports: ports, deployment: deployment)
        // Records an earlier apply left unwritten (it was killed, or the FHIR server was down); retried at the end.
        _ = try? await audit.writePending(except: journal)
        var counts = ApplyCounts(planned: plan.changes.count)
        var touched: Set<String> = []
        let snapshot = try await ports.state.snapshot()
        // Every partner's client id as this apply goes, for the gateway step (clients it registers are new ids).
        var clientIDs = snapshot.clientIDs
        let total = plan.changes.count
        for batch in Self.batches(plan.changes) {
            // Changes of one kind to different partners do not depend on each other: they go side by side, at most
            // `concurrency` at a time (clients: `clientConcurrency`), each journalled and recorded on its own.
            let (changes, ids, recorded) = (plan.changes, clientIDs, snapshot)
            let first = changes[batch[0]]
            let outcomes: [Result<String?, any Error>]
            if first.address.kind == .certificate, first.action == .create {
                outcomes = await certificateCreates(
                    batch.map { ($0, changes[$0]) }, of: total, journal: journal, desired: desired)
            } else if ResourceKind.directory.contains(first.address.kind), first.action != .delete {
                outcomes = await directoryWrites(
                    batch.map { ($0, changes[$0]) }, of: total, journal: journal, snapshot: recorded)
            } else {
                let limit =
                    [.client, .orphanClient].contains(first.address.kind) ? ports.clientConcurrency : ports.concurrency
                outcomes = try await batch.concurrentMap(limit: limit) { index in
                    await step(
                        index, of: total, changes[index], journal: journal, desired: desired, snapshot: recorded,
                        clientIDs: ids)
                }
            }
            var failure: (index: Int, error: any Error)?
            for (index, outcome) in zip(batch, outcomes) {
                let change = plan.changes[index]
                switch outcome {
                case .success(let platformID):
                    counts.count(change.action)
                    if let partner = change.address.partnerID {
                        touched.insert(partner)
                        if change.address.kind == .client { clientIDs[partner] = platformID }
                    }
                case .failure(let error):
                    if failure == nil { failure = (index, error) }
                }
            }
            if let (index, error) = failure {
                let change = plan.changes[index]
                let reason = "\(error)".hasSuffix(".") ? "\(error)" : "\(error)."
                try? await ports.state.finishApply(
                    journal, outcome: .failed("\(error)"), counts: counts, at: ports.clock.now())
                _ = try? await audit.writePending()
                throw OnboardError(
                    (error as? OnboardError)?.code ?? .applyStopped,
                    "apply stopped at \(change.address): \(reason) \(counts.applied) of \(total) changes were applied and "
                        + "recorded; fix the cause and run plan/apply again to finish.",
                    underlying: error
                )
            }
        }
        try await ports.directory.finish()
        let recordedNow = try await ports.state.snapshot()
        let writer = KitWriter(
            deployment: deployment, template: kitTemplate, output: ports.output, clients: ports.clients,
            serviceIDs: desired.serviceIDs)
        let chain = try await ports.ca.chainPEM()
        // Kits are independent files per partner: written side by side.
        let partners = touched.sorted().compactMap { desired.partners[$0] }.filter { $0.status != .offboarded }
        let kits = try await partners.concurrentMap(limit: ports.concurrency) { partner in
            let path = try await writer.write(partner, state: recordedNow, chainPEM: chain)
            observer(.kitWritten(partnerID: partner.id, path: path))
            return path
        }
        let summary = ApplySummary(journalID: journal, counts: counts, kits: kits)
        try await ports.state.finishApply(journal, outcome: .succeeded, counts: counts, at: ports.clock.now())
        do {
            try await audit.writePending()
        } catch {
            throw OnboardError(
                (error as? OnboardError)?.code ?? .applyStopped,
                "the apply is complete and recorded (journal entry \(journal)), but its audit records could not be written "
                    + "to the FHIR server: \(error). The next apply writes them.",
                underlying: error
            )
        }
        return summary
    }

    /// One change, journalled before it is sent (`started`) and after it is recorded (`done`, or `failed`); the
    /// platform id it got, or why it failed.
    private func step(
        _ index: Int, of total: Int, _ change: PlannedChange, journal: Int, desired: DesiredState,
        snapshot: StateSnapshot,
        clientIDs: [String: String]
    ) async -> Result<String?, any Error> {
        observer(.started(change, index: index, total: total))
        let recorded = snapshot.resources[change.address]
        var step = JournalStep(
            journalID: journal, index: index, change: change, at: ports.clock.now(),
            previousPlatformID: recorded?.platformID ?? change.adopting
                ?? (change.address.kind == .orphanClient ? change.address.name : nil),
            previousDocument: recorded?.document
        )
        do {
            try await ports.state.saveStep(step)
            let platformID: String?
            (platformID, step.version) = try await execute(
                change, desired: desired, recorded: recorded, clientIDs: clientIDs)
            (step.status, step.platformID, step.at) = (.done, platformID, ports.clock.now())
            try await ports.state.saveStep(step)
            observer(.finished(change, platformID: platformID, index: index, total: total))
            return .success(platformID)
        } catch {
            (step.status, step.at) = (.failed, ports.clock.now())
            try? await ports.state.saveStep(step)
            return .failure(error)
        }
    }

    /// Writes per bulk request: progress is recorded after each.
    static let bulkWriteSize = 500

    /// FHIR creates and updates of one kind through the directory's bulk write (transactions on a live server).
    private func directoryWrites(
        _ changes: [(index: Int, change: PlannedChange)], of total: Int, journal: Int, snapshot: StateSnapshot
    ) async -> [Result<String?, any Error>] {
        await inBulk(
            changes, of: total, journal: journal,
            previous: { snapshot.resources[$0.address]?.platformID ?? $0.adopting },
            previousDocument: { snapshot.resources[$0.address]?.document }
        ) { chunk in
            var writes: [DocumentWrite] = []
            for (_, change) in chunk {
                let existing: PlatformHandle? =
                    switch change.action {
                    case .create: nil
                    // Written at the adopted object's own id, against the version the plan read.
                    case .import: change.adopting.map { PlatformHandle(platformID: $0, version: change.baseVersion) }
                    default: try await snapshot.resources[change.address]?.handle(ports.sealer)
                    }
                writes.append(
                    DocumentWrite(
                        address: change.address, document: change.desired ?? .null, existing: existing,
                        baseVersion: change.baseVersion
                    ))
            }
            let handles = try await ports.directory.putAll(writes)
            let now = ports.clock.now()
            try await ports.state.saveAll(
                zip(chunk, handles).map { entry, handle in
                    ResourceRecord(
                        address: entry.change.address, platformID: handle.platformID,
                        document: entry.change.desired ?? .null,
                        appliedAt: now, version: handle.version
                    )
                })
            return handles
        }
    }

    /// New partners' certificates, issued in one CA write per chunk.
    private func certificateCreates(
        _ changes: [(index: Int, change: PlannedChange)], of total: Int, journal: Int, desired: DesiredState
    ) async -> [Result<String?, any Error>] {
        await inBulk(changes, of: total, journal: journal, previous: { _ in nil }) { chunk in
            let partners = try chunk.map { entry in
                guard let partner = entry.change.address.partnerID.flatMap({ desired.partners[$0] }) else {
                    throw OnboardError(
                        .unknownSerial, "no partner \(entry.change.address.partnerID ?? "?") to issue for")
                }
                return partner
            }
            return try await CertificateStep(ports: ports, deployment: deployment)
                .createAll(chunk.map(\.change), partners: partners, now: ports.clock.now())
                .map { PlatformHandle(platformID: $0) }
        }
    }

    /// A bulk step, `bulkWriteSize` changes at a time: each change of a chunk journalled `started`, then `write` sends
    /// and records the chunk, then each journalled `done`. A chunk that fails is journalled `failed` and the rest is
    /// left for the next apply.
    private func inBulk(
        _ changes: [(index: Int, change: PlannedChange)], of total: Int, journal: Int,
        previous: (PlannedChange) -> String?, previousDocument: (PlannedChange) -> JSONValue? = { _ in nil },
        _ write: ([(index: Int, change: PlannedChange)]) async throws -> [PlatformHandle]
    ) async -> [Result<String?, any Error>] {
        var outcomes: [Result<String?, any Error>] = []
        for start in stride(from: 0, to: changes.count, by: Self.bulkWriteSize) {
            let chunk = Array(changes[start..<min(start + Self.bulkWriteSize, changes.count)])
            let steps = chunk.map { index, change in
                observer(.started(change, index: index, total: total))
                return JournalStep(
                    journalID: journal, index: index, change: change, at: ports.clock.now(),
                    previousPlatformID: previous(change), previousDocument: previousDocument(change))
            }
            do {
                try await ports.state.saveSteps(steps)
                let handles = try await write(chunk)
                let now = ports.clock.now()
                try await ports.state.saveSteps(
                    zip(steps, handles).map { step, handle in
                        var step = step
                        (step.status, step.platformID, step.version, step.at) = (
                            .done, handle.platformID, handle.version, now
                        )
                        return step
                    })
                for ((index, change), handle) in zip(chunk, handles) {
                    observer(.finished(change, platformID: handle.platformID, index: index, total: total))
                    outcomes.append(.success(handle.platformID))
                }
            } catch {
                let now = ports.clock.now()
                try? await ports.state.saveSteps(
                    steps.map { step in
                        var step = step
                        (step.status, step.at) = (.failed, now)
                        return step
                    })
                return outcomes + Array(repeating: .failure(error), count: changes.count - outcomes.count)
            }
        }
        return outcomes
    }

    /// Runs of consecutive changes that may go together: the same kind of platform document (clients, FHIR
    /// resources) for different partners, and new partners' certificates (issued in one CA write). Other certificate
    /// changes, the gateway and the CRL go one at a time.
    static func batches(_ changes: [PlannedChange]) -> [[Int]] {
        let parallel = ResourceKind.directory.union([.client, .orphanClient])
        var batches: [[Int]] = []
        for (index, change) in changes.enumerated() {
            let batchable =
                parallel.contains(change.address.kind)
                || (change.address.kind == .certificate && change.action == .create)
            if let last = batches.last?.last, batchable,
                changes[last].address.kind == change.address.kind,
                (changes[last].action == .delete) == (change.action == .delete),
                change.address.kind != .certificate || changes[last].action == .create
            {
                batches[batches.count - 1].append(index)
            } else {
                batches.append([index])
            }
        }
        return batches
    }

    /// Applies one change and records it; returns the platform id and the version the platform gave it.
    private func execute(
        _ change: PlannedChange, desired: DesiredState, recorded: ResourceRecord?, clientIDs: [String: String]
    ) async throws -> (String?, String?) {
        let address = change.address
        let now = ports.clock.now()
        switch address.kind {
        case .certificate:
            return (
                try await CertificateStep(ports: ports, deployment: deployment)
                    .execute(
                        change, partner: address.partnerID.flatMap { desired.partners[$0] }, recorded: recorded,
                        now: now), nil
            )
        case .crl:
            let crl = try await CAAdministration(ca: ports.ca, output: ports.output).publishCRL()
            let document = CRLDocument.make(try await ports.ca.inventory())
            try await ports.state.save(
                ResourceRecord(address: address, platformID: "crl-\(crl.number)", document: document, appliedAt: now))
            try await ports.gateway.install(crl: crl.pem)
            return ("crl-\(crl.number)", nil)
        case .gateway:
            guard case .object(var document)? = change.desired, let planned = document["config"]?.stringValue else {
                return (nil, nil)
            }
            // Clients registered earlier in this apply have ids the plan could not know.
            let configuration = GatewayConfigBuilder.resolvingClients(planned, clientIDs: clientIDs)
            document["config"] = .string(configuration)
            let chain = try await ports.ca.chainPEM()
            try await ports.output.write(ArtifactPaths.publishedChain, text: chain)
            // The gateway checks every certificate against the CRL: a CA created by this apply publishes its first.
            var crl = try await ports.ca.currentCRL()
            if crl == nil { crl = try await CAAdministration(ca: ports.ca, output: ports.output).publishCRL().pem }
            // What the gateway trusts changes with a CA rotation's start and end: the published CRLs follow it.
            if let crl { try await ports.output.write(ArtifactPaths.publishedCRL, text: crl) }
            try await ports.gateway.apply(
                GatewayFiles(
                    configuration: configuration, script: document["script"]?.stringValue ?? GatewayScript.source,
                    caChain: chain, crl: crl
                ))
            try await ports.state.save(
                ResourceRecord(
                    address: address, platformID: "gateway", document: .object(document), appliedAt: now
                ))
            return ("gateway", nil)
        case .orphanClient:
            // Never recorded, so nothing to remove from state: the client is deleted by its id.
            try await ports.clients.delete(address, handle: PlatformHandle(platformID: address.name!))
            return (nil, nil)
        default:
            let clients = ClientDocuments(ports.clients)
            let target: any DocumentTarget = address.kind == .client ? clients : ports.directory
            // An adopted client is reached with the management the partner file names (a token, or the admin API).
            let handle =
                change.action == .import ? desired.adoptions[address]?.handle : try await recorded?.handle(ports.sealer)
            if change.action == .delete {
                if let handle { try await target.delete(address, handle: handle) }
                try await ports.state.remove(address)
                return (nil, nil)
            }
            guard let document = change.desired else { return (nil, nil) }
            let write: PlatformHandle
            if address.kind == .client, change.action == .create {
                // Recorded the moment the server registered it, before its scopes are granted.
                let (state, sealer) = (ports.state, ports.sealer)
                write = try await clients.register(address, document) { registered, sofar in
                    var sealed: String?
                    if let secret = registered.secret { sealed = try await sealer.seal(secret) }
                    try await state.save(
                        ResourceRecord(
                            address: address, platformID: registered.platformID, document: sofar, appliedAt: now,
                            sealed: sealed
                        ))
                }
            } else {
                write = try await target.put(
                    address, document, existing: change.action == .create ? nil : handle,
                    baseVersion: change.baseVersion
                )
            }
            var sealed = change.action == .create ? nil : recorded?.sealed
            if let secret = write.secret { sealed = try await ports.sealer.seal(secret) }
            try await ports.state.save(
                ResourceRecord(
                    address: address, platformID: write.platformID, document: document, appliedAt: now,
                    version: write.version,
                    sealed: sealed
                ))
            return (write.platformID, write.version)
        }
    }
}
