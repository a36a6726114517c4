import Foundation
import OnboardCore
import OnboardPKI
import OnboardPlatform
import OnboardSystem

/// Issues `--count` certificates through onboard's OpenBao CA — the code path of an apply's certificate stage: each
/// partner's CSR checked, signed by OpenBao through the role (after the role check), the answer checked, one inventory
/// write — at `--concurrency` requests in flight. `scripts/bench/openbao-issue.py` runs it against the same sign
/// requests sent by curl at the same concurrency, OpenBao's floor.
///     onboard-bench openbao-issue --csrs DIR --count 1000 --concurrency 8
/// reads OPENBAO_ADDR, OPENBAO_CACERT, OPENBAO_ROLE_ID, OPENBAO_SECRET_ID; the partners are `p<N>`, their CSRs
/// `DIR/p<N>.csr.pem`.
enum OpenBaoIssueBenchmark {
    static func run(_ arguments: [String]) async throws {
        let options = BenchmarkOptions(arguments)
        let count = options.integer("count", default: 1000)
        let concurrency = options.integer("concurrency", default: 8)
        let csrs = URL(fileURLWithPath: options.string("csrs", default: "."))
        let environment = ProcessInfo.processInfo.environment
        let http = try RESTClient(
            serverName: "OpenBao server", caBundle: environment["OPENBAO_CACERT"], maxConcurrent: concurrency)
        let signer = OpenBaoSigner(
            address: environment["OPENBAO_ADDR"] ?? "https://127.0.0.1:18200", mount: "pki_int", rootMount: "pki",
            role: "partner", deployment: "st-marys",
            credentials: .appRole(
                roleID: environment["OPENBAO_ROLE_ID"] ?? "", secretID: environment["OPENBAO_SECRET_ID"] ?? ""),
            http: http)
        let inventory = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-bench-openbao-\(UUID())")
        defer { try? FileManager.default.removeItem(at: inventory) }
        let ca = SignerCertificateAuthority(
            signer: signer, files: DirectoryCAFiles(directory: inventory), clock: SystemClock(),
            random: SystemRandomSource(), concurrency: concurrency)
        let requests = try (0..<count).map { index in
            CertificateIssueRequest(
                deployment: "st-marys", partnerID: "p\(index)",
                csrPEM: try String(contentsOf: csrs.appendingPathComponent("p\(index).csr.pem"), encoding: .utf8),
                validityDays: 90)
        }
        let issued = try await ca.issueAll(requests)
        guard issued.count == count, try await ca.inventory().count == count else {
            throw BenchmarkFailure(description: "issued \(issued.count) of \(count)")
        }
    }
}
