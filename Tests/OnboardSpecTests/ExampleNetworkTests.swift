import Foundation
import OnboardSpec
import OnboardTestSupport
import Testing

/// The example network shipped at the repository root is the reference users copy: it must stay valid and complete.
@Suite struct ExampleNetworkTests {
    let result = NetworkLoader(tree: LocalSourceTree(root: Repository.root)).load()

    @Test func validatesWithoutProblems() {
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.network.deployment?.name.value == "st-marys")
    }

    @Test func coversEveryPartnerKind() {
        let kinds = Set(result.network.partners.map(\.spec.template.value))
        #expect(kinds == ["satellite-clinic", "laboratory", "specialist", "imaging-center"])
        #expect(result.network.partners.count >= 5)
        #expect(Set(result.network.partners.map(\.spec.status.value)) == [.active, .suspended, .offboarded])
    }

    @Test func partnersTakeTemplateDefaultsWithTheirLocation() throws {
        let clinic = try #require(result.network.partners.first { $0.id == "riverside-clinic" })
        // riverside-clinic gives no validityDays: it comes from Templates/satellite-clinic.yaml, located there.
        #expect(clinic.spec.certificate.validityDays.value == 365)
        #expect(clinic.spec.certificate.validityDays.location.file == "Templates/satellite-clinic.yaml")
        #expect(clinic.spec.certificate.renewBeforeDays?.value == 45)
        // its own auth and scopes win over the template's, and its list replaces the template's list.
        #expect(clinic.spec.access.auth.location.file == "Partners/riverside-clinic.yaml")
        #expect(clinic.spec.access.scopes.count == 7)
    }

    @Test func referencedPublicFilesAreLoaded() throws {
        let lab = try #require(result.network.partners.first { $0.id == "northside-lab" })
        #expect(lab.documents.csr?.path == "Partners/northside-lab.csr.pem")
        #expect(lab.documents.csr?.der.first == 0x30)
        #expect(lab.documents.jwks?.keyIDs == ["northside-lab-2026"])
        let cardiology = try #require(result.network.partners.first { $0.id == "okafor-cardiology" })
        #expect(cardiology.documents.csr == nil, "no CSR: onboard generates the key into the kit")
    }

    @Test func v1ScopesAreNormalisedToV2() throws {
        let lab = try #require(result.network.partners.first { $0.id == "northside-lab" })
        #expect(lab.spec.access.scopes.map(\.value.description).contains("system/Patient.rs"))
    }

    @Test func noPrivateKeyIsTrackedInTheExample() throws {
        for entry in ["onboard.yaml", "Templates", "Partners"] {
            let url = Repository.root.appendingPathComponent(entry)
            let paths = (FileManager.default.enumerator(atPath: url.path)?.allObjects as? [String]) ?? [""]
            for path in paths {
                let file = paths == [""] ? url : url.appendingPathComponent(path)
                guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
                #expect(!text.contains("PRIVATE KEY-----"), "\(file.path)")
                #expect(!text.contains("\"d\""), "\(file.path)")
            }
        }
    }
}
