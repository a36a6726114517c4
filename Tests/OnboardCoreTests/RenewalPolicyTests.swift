import Foundation
import OnboardCore
import Testing

@Suite struct RenewalPolicyTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let day = 86_400.0

    func record(days: Int) -> CertificateRecord {
        CertificateRecord(
            serial: "01", partnerID: "lab", subject: "CN=lab", notBefore: start,
            notAfter: start.addingTimeInterval(Double(days) * day), fingerprint: "", keyGenerated: false
        )
    }

    @Test func dueWhenFewerDaysThanRenewBeforeRemain() {
        let certificate = record(days: 365)
        let early = RenewalPolicy.status(of: certificate, renewBeforeDays: 30, now: start.addingTimeInterval(300 * day))
        #expect(!early.isDue)
        #expect(early.daysLeft == 65)
        let late = RenewalPolicy.status(of: certificate, renewBeforeDays: 30, now: start.addingTimeInterval(352 * day))
        #expect(late.isDue)
        #expect(late.daysLeft == 13)
        #expect(late.thresholdDays == 30)
    }

    @Test func defaultsToAThirdOfTheLifetime() {
        let certificate = record(days: 90)
        #expect(
            !RenewalPolicy.status(of: certificate, renewBeforeDays: nil, now: start.addingTimeInterval(59 * day)).isDue)
        let due = RenewalPolicy.status(of: certificate, renewBeforeDays: nil, now: start.addingTimeInterval(61 * day))
        #expect(due.isDue)
        #expect(due.thresholdDays == 30)
    }

    @Test func expiredCertificatesAreDueAndSaySo() {
        let status = RenewalPolicy.status(
            of: record(days: 10), renewBeforeDays: 2, now: start.addingTimeInterval(12 * day))
        #expect(status.isDue)
        #expect(status.daysLeft == -2)
    }

    @Test func revokedCertificatesAreNeverDue() {
        var revoked = record(days: 10)
        revoked.revocation = Revocation(reason: .superseded, date: start)
        let due = RenewalPolicy.due(
            in: [revoked, record(days: 10)], renewBeforeDays: { _ in 5 }, now: start.addingTimeInterval(8 * day))
        #expect(due.count == 1)
        #expect(due.first?.0.revocation == nil)
    }
}
