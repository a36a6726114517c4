import Foundation
import OnboardCore
import OnboardSystem
import OnboardTestSupport
import Testing
import X509

@testable import OnboardPKI

/// What onboard's side of an external CA does with what the signer hands back, with the file CA standing in as the
/// signer's real crypto (OpenBao itself is driven in IntegrationTests): CRLs are read back exactly, a certificate
/// that is not exactly the partner's is refused (and revoked at the signer), a good one is recorded without any key.
@Suite struct ExternalSignerTests {
    @Test func crlsAreReadBackExactly() async throws {
        let bed = try await CATestBed()
        let issued = try await bed.issue("northside-lab", csr: bed.csr("a", subject: "/CN=northside-lab"))
        _ = try await bed.ca.revoke(serial: issued.record.serial, reason: .keyCompromise)
        let crl = try await bed.ca.publishCRL()
        let levels = try CRLReader.read(pem: crl.pem)
        #expect(levels.count == 2, "the issuing CA's and the root's")
        #expect(levels[0].number == crl.number)
        #expect(levels[0].serials == [issued.record.serial])
        #expect(levels[0].nextUpdate.map { abs($0.timeIntervalSince(crl.nextUpdate)) < 1 } == true)
        #expect(levels[1].serials.isEmpty)
    }

    @Test func onlyExactlyThePartnersCertificateIsAccepted() async throws {
        let bed = try await CATestBed()
        let signer = FileCASigner(bed: bed)
        let csr = try bed.csr("r", subject: "/CN=riverside-clinic")
        let inventory = try TemporaryDirectory()
        let ca = SignerCertificateAuthority(
            signer: signer, files: DirectoryCAFiles(directory: inventory.url), clock: SystemClock(),
            random: SystemRandomSource())
        let issued = try await ca.issue(bed.request("riverside-clinic", csr: csr))
        #expect(issued.record.partnerID == "riverside-clinic")
        #expect(try await ca.inventory().map(\.serial) == [issued.record.serial])
        let files = try FileManager.default.contentsOfDirectory(atPath: inventory.url.path)
        for file in files {
            #expect(!(try inventory.read(file)).contains("PRIVATE KEY"), "\(file)")
        }

        // A signer that answers with another partner's certificate: refused, revoked at the signer, not recorded.
        signer.signsFor = "northside-lab"
        let unnamed = try bed.csr("u", subject: "/O=Riverside Family Clinic")
        let error = await #expect(throws: OnboardError.self) {
            try await ca.issue(bed.request("riverside-clinic", csr: unnamed))
        }
        #expect(
            error?.message.contains("that has the subject CN=northside-lab") == true, "\(String(describing: error))")
        #expect(signer.revoked.count == 1)
        #expect(try await ca.inventory().count == 1)

        // A signer whose issuer changed under onboard (another CA answering, the mount's default issuer switched):
        // refused — another issuer is a rotation the plan must show — and revoked there.
        signer.signsFor = nil
        signer.bed = try await CATestBed()
        let foreign = await #expect(throws: OnboardError.self) {
            try await ca.issue(bed.request("riverside-clinic", csr: csr))
        }
        #expect(foreign?.message.contains("not by the issuing CA the gateway trusts") == true)
        #expect(signer.revoked.count == 2)
        signer.bed = bed

        // A batch in which one signature fails: what was signed is recorded before the error is reported, so the
        // next apply adopts it instead of having the signer sign again.
        signer.failsFor = "harbor-imaging"
        let batch = try ["westfield-clinic", "harbor-imaging", "lakeside-lab"].map {
            bed.request($0, csr: try bed.csr($0, subject: "/CN=\($0)"))
        }
        await #expect(throws: OnboardError.self) { try await ca.issueAll(batch) }
        let recorded = Set(try await ca.inventory().map(\.partnerID))
        #expect(recorded.isSuperset(of: ["westfield-clinic", "lakeside-lab"]) && !recorded.contains("harbor-imaging"))
        signer.failsFor = nil

        // Generated keys get a CSR of their own and a PKCS#12 with the signer's chain.
        signer.signsFor = nil
        let generated = try await ca.issue(bed.request("okafor-cardiology", csr: nil))
        #expect(generated.generatedKey != nil && generated.record.keyGenerated)
    }
}

/// The file CA as an external signer: it signs the CSR's key for the partner the request names (or, to play a
/// misbehaving signer, for `signsFor`).
final class FileCASigner: CertificateSigner, @unchecked Sendable {
    var bed: CATestBed
    var signsFor: String?
    /// A partner whose signature fails (the signer sealed halfway through a batch).
    var failsFor: String?
    var revoked: [String] = []
    let name = "the test's file CA"

    init(bed: CATestBed) { self.bed = bed }

    func prepare(validityDays: Int) async throws(OnboardError) {}

    func sign(
        csrPEM: String, commonName: String, uriSAN: String, validityDays: Int
    ) async throws(OnboardError) -> SignedCertificate {
        if commonName == failsFor { throw OnboardError(.unreachable, "the signer is sealed") }
        let issued = try await bed.ca.issue(
            CertificateIssueRequest(
                deployment: "st-marys", partnerID: signsFor ?? commonName, csrPEM: csrPEM, validityDays: validityDays))
        return SignedCertificate(certificatePEM: issued.certificatePEM, chainPEM: issued.chainPEM)
    }

    func revoke(serial: String) async throws(OnboardError) { revoked.append(serial) }
    func chainPEM() async throws(OnboardError) -> String { try await bed.ca.chainPEM() }
    func crlPEM() async throws(OnboardError) -> String { try await bed.ca.currentCRL() ?? "" }
    func rebuildCRLs() async throws(OnboardError) {}
    func issued() async throws(OnboardError) -> [String] { [] }
    func certificate(serial: String) async throws(OnboardError) -> String? { nil }
}
