/// Puts the audit records of finished applies on the FHIR directory (DESIGN §1, "audit trail"). The order that keeps
/// every change recorded: each change is journalled (`started`) before it is sent and again once recorded (`done`);
/// the apply's records are built from the journal and written when it ends — succeeded or failed — and an apply that
/// was killed is written by the next one, its unfinished steps marked as such. An apply's records are all written
/// (each at its own id) and only then noted in state, so a write that is lost or interrupted is simply written
/// again, at the same ids.
public struct AuditTrail: Sendable {
    public let ports: PlatformPorts
    public let deployment: DeploymentInput

    public init(ports: PlatformPorts, deployment: DeploymentInput) {
        self.ports = ports
        self.deployment = deployment
    }

    /// Writes the records of every apply not yet audited, except `running` (the apply under way); returns how many
    /// applies it wrote.
    @discardableResult
    public func writePending(except running: Int? = nil) async throws -> Int {
        let pending = try await ports.state.journalRecords().filter { !$0.audited && $0.entry.id != running }
        guard !pending.isEmpty else { return 0 }
        let snapshot = try await ports.state.snapshot()
        let certificates = (try? await ports.ca.inventory()) ?? []
        let clientIDs = snapshot.clientIDs
        let organizations = snapshot.platformIDs(of: .organization)
        let records = AuditRecords(deployment: deployment, lineage: snapshot.lineage)
        for record in pending {
            var ids = clientIDs
            // An offboarded partner's client is gone from state; its steps still name it.
            for step in record.steps where step.address.kind == .client {
                if let partner = step.partnerID, let id = step.platformID ?? step.previousPlatformID {
                    ids[partner] = id
                }
            }
            try await ports.directory.record(
                records.resources(
                    for: record, certificates: certificates, clientIDs: ids, organizations: organizations,
                    now: ports.clock.now()
                )
            )
            try await ports.state.markAudited(record.entry.id)
        }
        return pending.count
    }
}
