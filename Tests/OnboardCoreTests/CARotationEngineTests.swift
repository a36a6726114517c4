import Foundation
import OnboardCore
import OnboardTestSupport
import Testing

/// A CA rotation on the engine with in-memory CAs (the real one, file CA to OpenBao, runs in IntegrationTests): every
/// retiring certificate is planned for re-issue with the rotation's reason, the gateway trusts both issuers until the
/// deadline, a retiring certificate replaced before the deadline is not revoked, and at the deadline the plan drops
/// the old issuer and nothing else.
@Suite struct CARotationEngineTests {
    @Test func retiringCertificatesAreReissuedAndTheOldIssuerLeavesAtTheDeadline() async throws {
        let bed = try EngineBed()
        try await bed.converge()
        let retiring = bed.ca
        let oldSerials = Set(await retiring.inventory().map(\.serial))
        let successor = InMemoryCertificateAuthority(
            clock: FixedClock(EngineBed.start), name: "Successor CA", firstSerial: 0x9000)
        let deadline = EngineBed.start.addingTimeInterval(14 * 86_400)
        bed.authority = RotatingCertificateAuthority(
            current: successor, retiring: retiring, deadline: deadline, clock: FixedClock(EngineBed.start))

        let plan = try await bed.plan()
        let certificates = plan.changes.filter { $0.address.kind == .certificate }
        #expect(certificates.count == oldSerials.count)
        for change in certificates {
            #expect(change.action == .replace, "\(change.address)")
            #expect(change.reasons == [.caRotation(deadline: deadline)], "\(change.address)")
        }
        let gateway = try #require(plan.change(.gateway))
        #expect(gateway.desired?["trustedIssuers"] == ["FP:Successor CA", "FP:In-memory CA"])

        try await bed.apply()
        #expect(Set(await successor.inventory().map(\.partnerID)).count == oldSerials.count, "one new each")
        // Offboarded during the overlap: its new certificate and its old one (still valid until the deadline) go.
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "status: active", with: "status: offboarded") }
        try await bed.apply()
        for ca in [retiring, successor] {
            let records = await ca.inventory().filter { $0.partnerID == "northside-lab" }
            #expect(!records.isEmpty && records.allSatisfy { $0.revocation?.reason == .cessationOfOperation })
        }
        let stillValid = await retiring.inventory().filter { oldSerials.contains($0.serial) && $0.revocation == nil }
        #expect(stillValid.count == oldSerials.count - 2, "all but the suspended and the offboarded partner's")
        let again = try await bed.plan()
        #expect(
            again.changes.isEmpty,
            "converged during the overlap: \(again.changes.map { "\($0.address) \($0.reasons) \($0.fields)" })")

        // At the deadline the old issuer leaves the gateway; nothing is re-issued again.
        bed.authority = RotatingCertificateAuthority(
            current: successor, retiring: retiring, deadline: deadline, clock: FixedClock(deadline))
        let after = try await bed.plan()
        #expect(after.changes.map(\.address) == [.gateway], "\(after.changes.map(\.address))")
        #expect(after.change(.gateway)?.desired?["trustedIssuers"] == nil)
        try await bed.apply()

        // Taking `rotation` out of the files afterwards only drops the old CA's serials from the CRL record.
        bed.authority = successor
        #expect(try await bed.plan().changes.map(\.address) == [.crl])
        try await bed.converge()
    }

    @Test func aPartnerOffboardedBeforeTheRotationIsLeftAloneWhenTheOldCAIsGone() async throws {
        let bed = try EngineBed()
        try await bed.converge()
        try bed.edit("northside-lab") { $0.replacingOccurrences(of: "status: active", with: "status: offboarded") }
        try await bed.converge()
        let successor = InMemoryCertificateAuthority(
            clock: FixedClock(EngineBed.start), name: "Successor CA", firstSerial: 0x9000)
        bed.authority = RotatingCertificateAuthority(
            current: successor, retiring: bed.ca, deadline: EngineBed.start, clock: FixedClock(EngineBed.start))
        try await bed.converge()
        #expect(await successor.inventory().contains { $0.partnerID == "northside-lab" } == false)
        bed.authority = successor
        let plan = try await bed.plan()
        #expect(plan.changes.map(\.address) == [.crl], "nothing issued: \(plan.changes.map { "\($0.address)" })")
        try await bed.converge()
    }

    @Test func offboardingDuringARotationRevokesAtTheCAThatIssued() async throws {
        let bed = try EngineBed()
        try await bed.converge()
        let successor = InMemoryCertificateAuthority(
            clock: FixedClock(EngineBed.start), name: "Successor CA", firstSerial: 0x9000)
        let rotating = RotatingCertificateAuthority(
            current: successor, retiring: bed.ca, deadline: EngineBed.start.addingTimeInterval(86_400),
            clock: FixedClock(EngineBed.start))
        let old = try #require(await bed.ca.inventory().first { $0.partnerID == "northside-lab" })
        let superseded = try await rotating.revoke(serial: old.serial, reason: .superseded)
        #expect(superseded.revocation == nil, "superseded during the overlap: still valid")
        let revoked = try await rotating.revoke(serial: old.serial, reason: .cessationOfOperation)
        #expect(revoked.revocation?.reason == .cessationOfOperation)
        #expect(try await rotating.chainPEM().contains("In-memory CA chain"))
        let later = RotatingCertificateAuthority(
            current: successor, retiring: bed.ca, deadline: EngineBed.start, clock: FixedClock(EngineBed.start))
        #expect(try await !later.chainPEM().contains("In-memory CA chain"), "the deadline has come")
    }
}
