import Testing

@testable import OnboardSpec

/// Every field of a partner survives the cache: generated partners — every optional present or absent, lists empty
/// or long, text with any Unicode, locations in several files — come back from the cache's bytes equal to what went
/// in. A field added to the model is covered here without a change to the cache, as long as the generator below gives
/// it a value (services, referral routes and adopted services were added this way).
@Suite struct PartnerCacheRoundTripTests {
    @Test func generatedPartnersSurviveEncodeDecode() throws {
        var random = SplitMix(seed: 0x0B0A_4D00)
        let partners = (0..<400).map { PartnerGenerator(index: $0).partner(&random) }
        let entries = partners.map {
            PartnerCache.Entry(partner: $0, text: "text of \($0.file)", templateFile: "T.yaml")
        }
        let bytes = try PartnerCache.bytes(of: entries, templates: ["T.yaml": "template"], build: "b")
        let contents = try PartnerCache.Contents(bytes: bytes, magic: PartnerCache.magic, build: "b")
        #expect(contents.count == partners.count)
        for partner in partners {
            let cached = contents.entry(partner.file, text: "text of \(partner.file)", templates: ["T.yaml"])
            #expect(cached?.partner == partner, "\(partner.file)")
        }
    }

    /// A cache cut short anywhere is refused as a whole or per entry, never read as another partner.
    @Test func truncatedCacheIsNeverMisread() throws {
        var random = SplitMix(seed: 7)
        let partner = PartnerGenerator(index: 0).partner(&random)
        let entry = PartnerCache.Entry(partner: partner, text: "t", templateFile: "T.yaml")
        let bytes = try PartnerCache.bytes(of: [entry], templates: ["T.yaml": "x"], build: "b")
        for end in stride(from: 0, to: bytes.count, by: 7) {
            let contents = try? PartnerCache.Contents(
                bytes: Array(bytes[..<end]), magic: PartnerCache.magic, build: "b")
            #expect(contents?.entry(partner.file, text: "t", templates: ["T.yaml"]) == nil)
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure names a seed that reproduces it.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random partners: each field drawn independently, optionals present about half the time.
private struct PartnerGenerator {
    let index: Int
    var file: String { "Partners/p\(index).yaml" }

    func text(_ random: inout SplitMix) -> String {
        let pieces = ["a", "Z", "9", "-", " ", "é", "漢", "🩺", "\"", "\\", "\n", ":", "#", "\u{0}", "ß"]
        return String(
            (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined())
    }

    func location(_ random: inout SplitMix) -> OnboardSpec.SourceLocation {
        let files = [file, "Templates/laboratory.yaml", "Partners/p\(index).csr.pem"]
        return OnboardSpec.SourceLocation(
            file: files.randomElement(using: &random)!, line: Int.random(in: 0...5000, using: &random),
            column: Int.random(in: 0...200, using: &random))
    }

    func located(_ random: inout SplitMix) -> Located<String> { Located(text(&random), at: location(&random)) }

    func maybe<T>(_ random: inout SplitMix, _ make: (inout SplitMix) -> T) -> T? {
        Bool.random(using: &random) ? make(&random) : nil
    }

    func list<T>(_ random: inout SplitMix, _ make: (inout SplitMix) -> T) -> [T] {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in make(&random) }
    }

    func coding(_ random: inout SplitMix) -> Coding {
        Coding(system: located(&random), code: located(&random), display: maybe(&random, located))
    }

    func scope(_ random: inout SplitMix) -> SmartScope {
        SmartScope(
            context: ScopeContext.allCases.randomElement(using: &random)!,
            resourceType: maybe(&random) { _ in ["Observation", "Patient", "Task"].randomElement()! },
            permissions: ScopePermissions(rawValue: UInt8.random(in: 1...31, using: &random)),
            query: list(&random) { ScopeQueryParameter(name: text(&$0), value: text(&$0)) },
            wasVersion1: Bool.random(using: &random))
    }

    func partner(_ random: inout SplitMix) -> Partner {
        let metadata = PartnerMetadata(
            id: Located("p\(index)", at: location(&random)), name: located(&random),
            labels: Dictionary(list(&random) { (text(&$0), located(&$0)) }, uniquingKeysWith: { first, _ in first }))
        let adopt = maybe(&random) { random in
            PartnerAdoption(
                organization: maybe(&random, located),
                endpoints: list(&random) {
                    PartnerAdoption.Endpoint(name: located(&$0), reference: located(&$0))
                }, affiliation: maybe(&random, located),
                client: maybe(&random) {
                    PartnerAdoption.Client(id: located(&$0), registrationTokenEnv: maybe(&$0, located))
                }, certificate: maybe(&random, located), location: location(&random),
                services: list(&random) { PartnerAdoption.Service(id: located(&$0), reference: located(&$0)) })
        }
        let spec = PartnerSpec(
            template: located(&random),
            status: Located(PartnerStatus.allCases.randomElement(using: &random)!, at: location(&random)),
            identifiers: list(&random) { BusinessIdentifier(system: located(&$0), value: located(&$0)) },
            contacts: list(&random) {
                Contact(name: located(&$0), email: maybe(&$0, located), phone: maybe(&$0, located))
            },
            endpoints: list(&random) { random in
                PartnerEndpoint(
                    name: located(&random),
                    connectionType: Located(
                        EndpointConnectionType.allCases.randomElement(using: &random)!, at: location(&random)),
                    address: located(&random), payloadMimeTypes: list(&random, located))
            },
            access: PartnerAccess(
                scopes: list(&random) { Located(scope(&$0), at: location(&$0)) },
                auth: Located(AuthMethod.allCases.randomElement(using: &random)!, at: location(&random)),
                jwks: maybe(&random, located), jwksURI: maybe(&random, located)),
            certificate: CertificateRequest(
                csr: maybe(&random, located),
                validityDays: Located(Int.random(in: Int.min...Int.max, using: &random), at: location(&random)),
                renewBeforeDays: maybe(&random) { Located(Int.random(in: -5...400, using: &$0), at: location(&$0)) }),
            adopt: adopt,
            services: list(&random) { random in
                ServiceDeclaration(
                    id: located(&random), name: located(&random), type: coding(&random),
                    specialty: maybe(&random, coding),
                    acceptsReferrals: Located(Bool.random(using: &random), at: location(&random)),
                    notes: maybe(&random, located))
            },
            referrals: maybe(&random) { PartnerReferrals(sendTo: list(&$0, located), location: location(&$0)) })
        let documents = PartnerDocuments(
            csr: maybe(&random) {
                CertificateSigningRequestDocument(
                    path: text(&$0), pem: text(&$0),
                    der: (0..<Int.random(in: 0...64, using: &$0)).map { _ in
                        UInt8.random(in: 0...255)
                    })
            },
            jwks: maybe(&random) { JSONWebKeySetDocument(path: text(&$0), json: text(&$0), keyIDs: list(&$0, text)) },
            adoptedCertificate: maybe(&random) {
                AdoptedCertificateDocument(path: text(&$0), pem: text(&$0), location: location(&$0))
            })
        return Partner(file: file, metadata: metadata, spec: spec, documents: documents)
    }
}
