import Foundation
import OnboardSpec
import OnboardSystem
import OnboardTestSupport
import Testing

/// The partner cache gives exactly what parsing gives, and any changed byte in any file a partner comes from — its
/// own file, its template, its CSR, its JWKS, its adopted certificate — or another build or a corrupt cache file
/// sends it through parsing and checking again.
@Suite struct PartnerCacheTests {
    static let cacheFile = ".onboard/cache/partners.bin"

    func loaded(_ workspace: Workspace, build: String = "test-build") -> LoadResult {
        NetworkLoader(tree: LocalSourceTree(root: workspace.root)).load(
            cache: PartnerCache(repository: workspace.root, build: build) {
                try AtomicFile.replace($0, $1, mode: 0o600)
            }
        )
    }

    func parsed(_ workspace: Workspace) -> LoadResult {
        NetworkLoader(tree: LocalSourceTree(root: workspace.root)).load()
    }

    /// Compared first and asserted as one Bool, so a failure does not print every partner.
    static func samePartners(_ one: LoadResult, _ other: LoadResult) -> Bool {
        one.network.partners == other.network.partners
    }

    func cacheBytes(_ workspace: Workspace) throws -> Data {
        try Data(contentsOf: workspace.root.appendingPathComponent(Self.cacheFile))
    }

    /// A partner using every field the cache stores: labels, identifiers, contacts with phone, endpoints, query and
    /// v1 scopes, renewal days, and every kind of adoption (with its certificate file).
    static func richPartner(_ workspace: Workspace) throws {
        let certificate = try ExternalTool.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "/dev/null",
                "-subj", "/CN=rich-partner", "-days", "30",
                "-out", workspace.root.appendingPathComponent("Partners/rich-partner.pem").path,
            ])
        #expect(certificate.status == 0, "\(certificate.output)")
        try FileManager.default.copyItem(
            at: workspace.root.appendingPathComponent("Partners/northside-lab.jwks.json"),
            to: workspace.root.appendingPathComponent("Partners/rich-partner.jwks.json")
        )
        try workspace.write(
            "Partners/rich-partner.yaml",
            """
            apiVersion: onboard/v1
            kind: Partner
            metadata:
              id: rich-partner
              name: Rich Partner Laboratory
              labels: {region: south, tier: "2"}
            spec:
              template: laboratory
              identifiers:
                - {system: "http://hl7.org/fhir/sid/us-npi", value: "1234567893"}
                - {system: "urn:oid:1.2.3", value: "rp-1"}
              contacts:
                - {name: Desk, email: it@rich.example, phone: "+1 555 0100"}
                - {name: Night desk, phone: "+1 555 0101"}
              endpoints:
                - name: results
                  connectionType: hl7-fhir-rest
                  address: https://fhir.rich.example/r4
                  payloadMimeTypes: [application/fhir+json, application/fhir+xml]
              access:
                scopes:
                  - system/Observation.rs?category=laboratory
                  - system/Patient.read
                jwks: rich-partner.jwks.json
              certificate:
                validityDays: 200
                renewBeforeDays: 20
              adopt:
                organization: Organization/rich-org
                endpoints: {results: Endpoint/rich-results}
                affiliation: OrganizationAffiliation/rich-affiliation
                client: {id: rich-client, registrationTokenEnv: RICH_REGISTRATION_TOKEN}
                certificate: rich-partner.pem

            """)
    }

    @Test func cachedPartnersEqualParsedOnesAndAnUnchangedRepositoryIsNotRewritten() throws {
        let workspace = try Workspace()
        try Self.richPartner(workspace)
        let parsed = parsed(workspace)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))")
        #expect(parsed.network.partners.contains { $0.id == "rich-partner" && $0.spec.adopt?.client != nil })
        let first = loaded(workspace)
        let written = try cacheBytes(workspace)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: workspace.root.appendingPathComponent(Self.cacheFile).path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let inode = attributes[.systemFileNumber] as? Int
        let second = loaded(workspace)
        let after = try FileManager.default.attributesOfItem(
            atPath: workspace.root.appendingPathComponent(Self.cacheFile).path)
        #expect(
            inode != nil && after[.systemFileNumber] as? Int == inode, "every partner came from the cache: no rewrite")
        #expect(Self.samePartners(first, parsed))
        #expect(Self.samePartners(second, parsed))
        #expect(second.diagnostics == parsed.diagnostics)
        #expect(try cacheBytes(workspace) == written)
    }

    @Test(arguments: [
        ("Partners/northside-lab.yaml", "name: Northside Diagnostic Laboratory", "name: Northside Diagnostics"),
        ("Templates/laboratory.yaml", "renewBeforeDays: 30", "renewBeforeDays: 21"),
        ("Partners/northside-lab.jwks.json", "\"kid\"", "\"kid\" "),
        ("Partners/rich-partner.yaml", "tier: \"2\"", "tier: \"3\""),
    ])
    func anyChangedByteIsParsedAgain(file: String, before: String, after: String) throws {
        let workspace = try Workspace()
        try Self.richPartner(workspace)
        _ = loaded(workspace)
        let cached = try cacheBytes(workspace)
        try workspace.edit(file) {
            #expect($0.contains(before), "\(file) holds \(before)")
            return $0.replacingOccurrences(of: before, with: after)
        }
        let expected = parsed(workspace)
        let reloaded = loaded(workspace)
        #expect(Self.samePartners(reloaded, expected))
        #expect(reloaded.diagnostics == expected.diagnostics)
        #expect(try cacheBytes(workspace) != cached, "the changed partner was written to the cache anew")
    }

    /// A run killed while writing the cache (tens of MB at 10,000 partners) leaves its temporary; the next rewrite
    /// removes it once that process is gone.
    @Test func aKilledRunsHalfWrittenCacheIsSweptByTheNextRewrite() throws {
        let workspace = try Workspace()
        _ = loaded(workspace)
        let abandoned = ".onboard/cache/.partners.bin.tmp-\(try DeadProcess.identifier())"
        try workspace.write(abandoned, "half a cache")
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "Northside Diagnostic Laboratory", with: "Northside Lab")
        }
        _ = loaded(workspace)
        let folder = workspace.root.appendingPathComponent(".onboard/cache").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["partners.bin"])
    }

    @Test func aReplacedCSRIsReadAgain() throws {
        let workspace = try Workspace()
        _ = loaded(workspace)
        let csr = try ExternalTool.run(
            "openssl",
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null",
                "-subj", "/CN=northside-lab", "-out",
                workspace.root.appendingPathComponent("Partners/northside-lab.csr.pem").path,
            ])
        #expect(csr.status == 0, "\(csr.output)")
        let reloaded = loaded(workspace)
        #expect(Self.samePartners(reloaded, parsed(workspace)))
        let pem = try String(
            contentsOf: workspace.root.appendingPathComponent("Partners/northside-lab.csr.pem"), encoding: .utf8)
        #expect(reloaded.network.partners.first { $0.id == "northside-lab" }?.documents.csr?.pem == pem)
    }

    @Test func aCachedPartnerBrokenLaterReportsItsErrorsAtTheirLines() throws {
        let workspace = try Workspace()
        _ = loaded(workspace)
        let marker = ["-----BEGIN", "PRIVATE", "KEY-----"].joined(separator: " ")
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "validityDays: 365", with: "validityDays: 365\n    privateKey: \"\(marker)\"")
        }
        let reloaded = loaded(workspace)
        #expect(!reloaded.isValid)
        #expect(reloaded.diagnostics == parsed(workspace).diagnostics)
        #expect(
            reloaded.diagnostics.contains {
                $0.location.file == "Partners/northside-lab.yaml" && $0.location.line == 37
            })
        #expect(!reloaded.network.partners.contains { $0.id == "northside-lab" })
    }

    @Test(arguments: ["garbage", "truncated", "another build"])
    func anUnusableCacheIsIgnoredAndRewritten(damage: String) throws {
        let workspace = try Workspace()
        _ = loaded(workspace)
        let url = workspace.root.appendingPathComponent(Self.cacheFile)
        let good = try cacheBytes(workspace)
        switch damage {
        case "garbage": try Data("not a cache".utf8).write(to: url)
        case "truncated": try good.prefix(good.count - 7).write(to: url)
        default: break
        }
        let reloaded = loaded(workspace, build: damage == "another build" ? "other-build" : "test-build")
        #expect(Self.samePartners(reloaded, parsed(workspace)))
        #expect(reloaded.isValid)
        let rewritten = try cacheBytes(workspace)
        #expect(rewritten != (damage == "another build" ? good : Data("not a cache".utf8)))
        #expect(damage == "another build" || rewritten == good, "the rewritten cache is the one a clean run writes")
    }
}
