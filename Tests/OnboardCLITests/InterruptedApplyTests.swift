import Foundation
import OnboardTestSupport
import Testing

/// An apply killed between resources (SIGKILL, nothing to clean up) leaves a state the next apply converges from,
/// without duplicate certificates or clients.
@Suite struct InterruptedApplyTests {
    @Test func killedApplyConvergesWithoutDuplicates() throws {
        let bed = try ReconcileWorkspace()
        let killed = try OnboardBinary.kill(
            ["apply", "--auto-approve"], in: bed.root, environment: ReconcileWorkspace.environment
        ) {
            $0.contains("[6/37] partner/") && $0.contains(": done")
        }
        #expect(killed.killed, "the apply finished before it could be interrupted")

        let remaining = try bed.plan()
        #expect(remaining.status == 2, "the interrupted apply left work: \(remaining.output)")
        let resumed = try bed.applyAll()
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try bed.plan().status == 0)

        let inventory =
            try JSONSerialization.jsonObject(
                with: Data(bed.read(".onboard/ca/inventory.json").utf8)
            ) as? [String: Any]
        let certificates = inventory?["certificates"] as? [[String: Any]] ?? []
        let partners = certificates.compactMap { $0["partnerID"] as? String }
        #expect(partners.count == Set(partners).count, "one certificate per partner, no duplicates: \(partners)")
        #expect(
            Set(partners) == [
                "harbor-imaging", "northside-lab", "okafor-cardiology", "riverside-clinic", "westfield-clinic",
            ])
        let clients = try FileManager.default.contentsOfDirectory(
            atPath: bed.root.appendingPathComponent("out/platform/clients").path)
        #expect(
            clients.filter { $0.hasSuffix(".json") }.count == 5, "one client file per onboarded partner: \(clients)")
        let show = try bed.onboard(["show"])
        #expect(show.output.contains("last apply #2"), "\(show.output)")
    }
}
