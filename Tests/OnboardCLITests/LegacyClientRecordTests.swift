import Foundation
import OnboardCore
import OnboardState
import OnboardTestSupport
import Testing

/// A state written before clients were recorded as `ClientMetadata` — each client's document the RFC 7591 metadata
/// it registered — plans with no change and is brought to today's form by the next apply that touches the client.
@Suite struct LegacyClientRecordTests {
    @Test func clientsRecordedAsRFC7591MetadataPlanWithNoChange() async throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let store = try SQLiteStateStore(path: bed.root.appendingPathComponent(".onboard/state.sqlite").path)
        let clients = try await store.snapshot().resources.values.filter { $0.address.kind == .client }
        #expect(clients.count >= 3)
        for record in clients {
            // What the registry holds, less what the server adds, is what an earlier version recorded.
            guard
                case .object(var registered) = try JSONValue.parse(
                    try bed.read("out/platform/clients/\(record.address.partnerID!).json"))
            else { Issue.record("no client file"); return }
            registered["client_id"] = nil
            registered["client_id_issued_at"] = nil
            try await store.save(
                ResourceRecord(
                    address: record.address, platformID: record.platformID, document: .object(registered),
                    appliedAt: record.appliedAt, version: record.version, sealed: record.sealed))
        }
        let legacy = try #require(
            try await store.snapshot().resources[ResourceAddress(partner: "northside-lab", .client)])
        #expect(legacy.canonical.hasPrefix(#"{"client_name":"#), "\(legacy.canonical)")

        let plan = try bed.plan()
        #expect(plan.status == 0 && plan.output.contains("No changes"), "\(plan.output)")

        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
        }
        let changed = try bed.plan()
        #expect(changed.status == 2, "\(changed.output)")
        #expect(changed.output.contains("~ partner/northside-lab/client  update"), "\(changed.output)")
        #expect(changed.output.contains("system/DiagnosticReport.cu"), "\(changed.output)")
        #expect(!changed.output.contains("client_name"), "no field renamed by the upgrade shows: \(changed.output)")
        #expect(try bed.applyAll().status == 0)
        let upgraded = try #require(
            try await store.snapshot().resources[ResourceAddress(partner: "northside-lab", .client)])
        let metadata = try ClientMetadata(document: upgraded.document)
        #expect(!metadata.scopeTexts.contains("system/DiagnosticReport.cu"))
        #expect(try bed.plan().status == 0)
    }
}
