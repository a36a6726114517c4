import Foundation
import OnboardCore
import OnboardPKI
import OnboardSystem
import OnboardTestSupport
import Testing

/// Revocation, holds and CRLs, checked by `openssl verify -crl_check` and `openssl crl`.
@Suite struct RevocationTests {
    func crlCheck(_ bed: CATestBed, _ partner: String) throws -> ExternalTool.Result {
        try bed.verify(partner, extra: ["-crl_check", "-CRLfile", bed.crlPath])
    }

    @Test func revokedLeafFailsTheCRLCheckAndOthersPass() async throws {
        let bed = try await CATestBed()
        let revoked = try await bed.issue("northside-lab", csr: bed.csr("a", subject: "/CN=northside-lab"))
        _ = try await bed.issue("riverside-clinic", csr: bed.csr("b", subject: "/CN=riverside-clinic"))
        #expect(try crlCheck(bed, "northside-lab").status == 0)
        _ = try await bed.ca.revoke(serial: revoked.record.serial, reason: .keyCompromise)
        let crl = try await bed.ca.publishCRL()
        #expect(crl.revokedSerials == [revoked.record.serial])
        let rejected = try crlCheck(bed, "northside-lab")
        #expect(rejected.status != 0)
        #expect(rejected.output.contains("certificate revoked"))
        #expect(try crlCheck(bed, "riverside-clinic").status == 0)
        let text = try bed.openssl(["crl", "-in", bed.crlPath, "-noout", "-text"]).output
        #expect(text.contains("Version 2"))
        #expect(text.contains("X509v3 CRL Number"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
        #expect(text.contains("Serial Number: \(revoked.record.serial)"))
        #expect(text.contains("Key Compromise"))
        #expect(text.contains("Next Update"))
        let signature = try bed.openssl(["crl", "-in", bed.crlPath, "-noout", "-CAfile", bed.chainPath])
        #expect(signature.output.contains("verify OK"), "\(signature.output)")
    }

    @Test func holdIsReversibleWithoutReissue() async throws {
        let bed = try await CATestBed()
        let issued = try await bed.issue("westfield-clinic", csr: bed.csr("w", subject: "/CN=westfield-clinic"))
        _ = try await bed.ca.revoke(serial: issued.record.serial, reason: .certificateHold)
        _ = try await bed.ca.publishCRL()
        let held = try crlCheck(bed, "westfield-clinic")
        #expect(held.status != 0)
        #expect(try bed.openssl(["crl", "-in", bed.crlPath, "-noout", "-text"]).output.contains("Certificate Hold"))
        _ = try await bed.ca.release(serial: issued.record.serial)
        let crl = try await bed.ca.publishCRL()
        #expect(crl.revokedSerials.isEmpty)
        #expect(try crlCheck(bed, "westfield-clinic").status == 0)
        #expect(try await bed.ca.inventory().count == 1, "released, not re-issued")
        await #expect(throws: OnboardError.self) { try await bed.ca.release(serial: issued.record.serial) }
    }

    @Test func crlNumberOnlyGrowsAndInventorySurvivesRestart() async throws {
        let bed = try await CATestBed()
        let issued = try await bed.issue("lab", csr: bed.csr("lab", subject: "/CN=lab"))
        let first = try await bed.ca.publishCRL().number
        _ = try await bed.ca.revoke(serial: issued.record.serial, reason: .cessationOfOperation)
        let second = try await bed.ca.publishCRL().number
        #expect(second > first)
        let reopened = FileCertificateAuthority(
            directory: bed.directory.url.appendingPathComponent("ca"), passphrase: CATestBed.passphrase,
            clock: SystemClock(), random: SystemRandomSource())
        let record = try #require(try await reopened.inventory().first)
        #expect(record.serial == issued.record.serial)
        #expect(record.revocation?.reason == .cessationOfOperation)
        #expect(try await reopened.describe().crlNumber == second)
        #expect(try await reopened.publishCRL().number == second + 1)
    }

    @Test func unknownSerialIsAClearError() async throws {
        let bed = try await CATestBed()
        await #expect {
            _ = try await bed.ca.revoke(serial: "DEADBEEF", reason: .superseded)
        } throws: { ($0 as? OnboardError)?.code == .unknownSerial }
    }
}
