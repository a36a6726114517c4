import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

@testable import OnboardCLI

/// Certificate renewal, planned and applied with the clock moved forward (time is injected, not waited for).
@Suite struct RenewalPlanTests {
    /// A context whose clock stands `daysBefore` days before the partner's certificate expires (measured from the
    /// certificate itself, so the days left do not depend on how long the test took).
    func context(_ bed: ReconcileWorkspace, daysBeforeExpiry daysBefore: Double) async throws -> RepositoryContext {
        var context = try RepositoryContext.load(
            try RepositoryOptions.parse(["--root", bed.root.path]),
            environment: ReconcileWorkspace.environment
        )
        let record = try #require(
            try await context.certificateAuthority.inventory().first { $0.partnerID == "northside-lab" })
        context.clock = FixedClock(record.notAfter.addingTimeInterval(-daysBefore * 86_400))
        return context
    }

    @Test func expiringCertificateIsReplacedWithRenewalDue() async throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let before = try bed.read("out/kits/northside-lab/certificate.pem")

        let soon = try await context(bed, daysBeforeExpiry: 40)
        let early = try await soon.reconciler().plan(refresh: true, allowRemoval: false).plan
        #expect(!early.changes.contains { $0.address == ResourceAddress(partner: "northside-lab", .certificate) })

        let later = try await context(bed, daysBeforeExpiry: 24.5)
        let plan = try await later.reconciler().plan(refresh: true, allowRemoval: false).plan
        let renewal = try #require(
            plan.changes.first { $0.address == ResourceAddress(partner: "northside-lab", .certificate) })
        #expect(renewal.action == .replace)
        #expect(renewal.reasons == [.renewalDue(daysLeft: 24)])
        #expect(
            PlanRenderer(style: TerminalStyle(colour: false)).render(plan)
                .contains("-/+ partner/northside-lab/certificate  replace  (renewal due: 24 days left)"))
        #expect(plan.changes.contains { $0.address == .crl }, "the old certificate goes on the CRL as superseded")

        let holder = LockHolder(user: "test", host: "local", processID: 1, operation: "apply", since: Date())
        _ = try await later.reconciler().apply(
            saved: nil, refresh: true, allowRemoval: false, holder: holder, gitCommit: nil, observer: { _ in }
        )
        let after = try await later.reconciler().plan(refresh: true, allowRemoval: false).plan
        #expect(!after.hasChanges, "\(after.changes.map(\.address))")
        let renewed = try bed.read("out/kits/northside-lab/certificate.pem")
        #expect(renewed != before)
        let crl = try ExternalTool.run(
            "openssl",
            [
                "crl", "-in", bed.root.appendingPathComponent("out/platform/pki/partners.crl.pem").path, "-noout",
                "-text",
            ])
        #expect(crl.output.contains("Superseded"))
    }
}
