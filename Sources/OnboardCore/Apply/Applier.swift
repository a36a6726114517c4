import Foundation
import OnboardSpec

/// Carries out a plan, in order, recording each resource in state as soon as the platform has it — so an apply
/// interrupted at any point leaves a state from which the next plan/apply converges without duplicates.
public struct Applier: Sendable {
    public let ports: PlatformPorts
    public let deployment: Deployment
    public let kitTemplate: String?
    public let observer: @Sendable (ApplyEvent) -> Void

    public init(
        ports: PlatformPorts, deployment: Deployment, kitTemplate: String?,
        observer: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) {
        self.ports = ports
        self.deployment = deployment
        self.kitTemplate = kitTemplate
        self.observer = observer
    }

    public func apply(_ plan: Plan, desired: DesiredState, actor: String, gitCommit: String?) throws -> ApplySummary {
        let journal = try ports.state.beginApply(actor: actor, gitCommit: gitCommit, planDigest: plan.digest)
        var counts: [ChangeAction: Int] = [:]
        var touched: Set<String> = []
        var snapshot = try ports.state.snapshot()
        for (index, change) in plan.changes.enumerated() {
            observer(.started(change, index: index, total: plan.changes.count))
            let platformID: String?
            do {
                platformID = try execute(change, desired: desired, recorded: snapshot.resources[change.address])
            } catch {
                let failure = ApplyError(address: change.address, applied: index, total: plan.changes.count, underlying: "\(error)")
                try? ports.state.finishApply(journal, outcome: "failed: \(failure.underlying)", summary: "\(index) of \(plan.changes.count) applied")
                throw failure
            }
            counts[change.action, default: 0] += 1
            if let partner = change.address.partnerID { touched.insert(partner) }
            observer(.finished(change, platformID: platformID, index: index, total: plan.changes.count))
        }
        try ports.directory.finish()
        try ports.clients.finish()
        snapshot = try ports.state.snapshot()
        var kits: [String] = []
        let writer = KitWriter(deployment: deployment, template: kitTemplate, output: ports.output)
        for partnerID in touched.sorted() {
            guard let partner = desired.partners[partnerID], partner.spec.status.value != .offboarded else { continue }
            let path = try writer.write(partner, state: snapshot, chainPEM: try ports.ca.chainPEM())
            kits.append(path)
            observer(.kitWritten(partnerID: partnerID, path: path))
        }
        let summary = ApplySummary(journalID: journal, counts: counts, kits: kits)
        try ports.state.finishApply(journal, outcome: "succeeded", summary: summary.description)
        return summary
    }

    /// Applies one change and records it; returns the platform id.
    private func execute(_ change: PlannedChange, desired: DesiredState, recorded: ResourceRecord?) throws -> String? {
        let address = change.address
        let now = ports.clock.now()
        switch address.kind {
        case .certificate:
            return try CertificateStep(ports: ports, deployment: deployment)
                .execute(change, partner: address.partnerID.flatMap { desired.partners[$0] }, recorded: recorded, now: now)
        case .crl:
            let crl = try CAAdministration(ca: ports.ca, output: ports.output).publishCRL()
            let document = CRLDocument.make(try ports.ca.inventory())
            try ports.state.save(ResourceRecord(address: address, platformID: "crl-\(crl.number)", document: document, appliedAt: now))
            try ports.gateway.reload()
            return "crl-\(crl.number)"
        case .gateway:
            guard let document = change.desired, let configuration = document["config"]?.stringValue else { return nil }
            try ports.output.write(ArtifactPaths.publishedChain, text: try ports.ca.chainPEM())
            try ports.gateway.apply(configuration: configuration)
            try ports.state.save(ResourceRecord(address: address, platformID: "gateway", document: document, appliedAt: now))
            return "gateway"
        default:
            let target: any DocumentTarget = address.kind == .client ? ports.clients : ports.directory
            let handle = try recorded?.handle(ports.sealer)
            if change.action == .delete {
                if let handle { try target.delete(address, handle: handle) }
                try ports.state.remove(address)
                return nil
            }
            guard let document = change.desired else { return nil }
            let write = try target.put(
                address, document, existing: change.action == .create ? nil : handle, baseVersion: change.baseVersion
            )
            let sealed = try write.secret.map { try ports.sealer.seal($0) } ?? (change.action == .create ? nil : recorded?.sealed)
            try ports.state.save(ResourceRecord(
                address: address, platformID: write.platformID, document: document, appliedAt: now, version: write.version,
                sealed: sealed
            ))
            return write.platformID
        }
    }
}
