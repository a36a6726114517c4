import Foundation
import OnboardCore
import OnboardPKI
import OnboardSystem

/// Certificate issuance rate on one core: each issuance parses the partner's CSR, verifies its signature, checks the
/// key policy, signs an ECDSA P-256 leaf with the issuing CA and encodes it (DER, PEM, fingerprint). Persistence to
/// the inventory is excluded: it is one file write per apply, not per certificate of a batch.
enum IssueBenchmark {
    static func run(_ arguments: [String]) async throws {
        let options = BenchmarkOptions(arguments)
        let count = options.integer("count", default: 20_000)
        let iterations = options.integer("iterations", default: 5)
        let example = URL(fileURLWithPath: options.string("example", default: "."))
        let csr = try String(
            contentsOf: example.appendingPathComponent("Partners/northside-lab.csr.pem"), encoding: .utf8)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "onboard-bench-ca-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = FileCertificateAuthority(
            directory: directory, passphrase: "benchmark-passphrase", clock: SystemClock(), random: SystemRandomSource()
        )
        _ = try await ca.initialize(organization: "Benchmark Hospital", deployment: "bench")
        let issuer = try await ca.issuer()
        let request = CertificateIssueRequest(
            deployment: "bench", partnerID: "northside-lab",
            csrPEM: csr, validityDays: 365, crlURL: "https://partners.bench.example/crl/partners.crl.pem"
        )
        var samples: [Double] = []
        for _ in 0..<iterations {
            samples.append(
                try await Measurement.seconds {
                    for _ in 0..<count { _ = try issuer.issue(request) }
                })
        }
        let rates = samples.map { Double(count) / $0 }.sorted()
        Measurement.report(
            "issue \(count) ECDSA P-256 certificates from CSRs on one core", samples: samples,
            extra: String(
                format: "; median %.0f certificates/s (min %.0f, max %.0f)", rates[rates.count / 2], rates.first!,
                rates.last!)
        )
    }
}
