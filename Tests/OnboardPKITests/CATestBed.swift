import Foundation
import OnboardCore
import OnboardPKI
import OnboardSystem
import OnboardTestSupport

/// A freshly initialised CA in a temporary directory, plus partner keys and CSRs made by the openssl CLI (so the
/// partner side is independent of onboard's own crypto).
final class CATestBed: @unchecked Sendable {
    static let passphrase = "test-passphrase-not-secret"
    let directory: TemporaryDirectory
    let ca: FileCertificateAuthority

    init(clock: any Clock = SystemClock()) async throws {
        directory = try TemporaryDirectory()
        ca = FileCertificateAuthority(
            directory: directory.url.appendingPathComponent("ca"), passphrase: Self.passphrase, clock: clock,
            random: SystemRandomSource()
        )
        _ = try await ca.initialize(organization: "St Mary's Hospital", deployment: "st-marys")
        _ = try await ca.publishCRL()
    }

    var caFile: String { directory.path("ca") }
    var rootPath: String { caFile + "/root-ca.cert.pem" }
    var issuingPath: String { caFile + "/issuing-ca.cert.pem" }
    var chainPath: String { caFile + "/ca-chain.pem" }
    var crlPath: String { caFile + "/partners.crl.pem" }

    /// Creates a key and CSR with openssl; returns the CSR PEM (the key stays in `<name>.key.pem`).
    func csr(
        _ name: String, subject: String, key: [String] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    ) throws -> String {
        let result = try ExternalTool.run(
            "openssl",
            ["req", "-new"] + key + [
                "-nodes", "-keyout", directory.path("\(name).key.pem"), "-subj", subject,
                "-out", directory.path("\(name).csr.pem"),
            ]
        )
        guard result.status == 0 else { throw TestBedError(description: "openssl req failed: \(result.output)") }
        return try directory.read("\(name).csr.pem")
    }

    func request(_ partner: String, csr: String?, days: Int = 365) -> CertificateIssueRequest {
        CertificateIssueRequest(
            deployment: "st-marys", partnerID: partner, csrPEM: csr,
            validityDays: days, crlURL: "https://partners.st-marys.example/crl/partners.crl.pem"
        )
    }

    /// Issues and writes the leaf to `<partner>.cert.pem`.
    func issue(_ partner: String, csr: String?) async throws -> IssuedCertificate {
        let issued = try await ca.issue(request(partner, csr: csr))
        try directory.write("\(partner).cert.pem", issued.certificatePEM)
        return issued
    }

    func openssl(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run("openssl", arguments, in: directory.url)
    }

    /// `openssl verify` of a leaf against the root, with the issuing CA as intermediate.
    func verify(_ partner: String, extra: [String] = []) throws -> ExternalTool.Result {
        try openssl(["verify", "-CAfile", rootPath, "-untrusted", issuingPath] + extra + ["\(partner).cert.pem"])
    }
}

struct TestBedError: Error, CustomStringConvertible {
    let description: String
}
