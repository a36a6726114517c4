import Foundation
import OnboardTestSupport
import Testing

/// plan → apply → plan on the example network, the generated resources checked by independent validators.
@Suite struct ConvergenceTests {
    @Test func planApplyPlanConverges() throws {
        let bed = try ReconcileWorkspace()
        let first = try bed.plan()
        #expect(first.status == 2, "\(first.output)")
        #expect(first.output.contains("+ partner/northside-lab/certificate  create  (new partner)"))
        let applied = try bed.applyAll()
        #expect(applied.status == 0, "\(applied.output)")
        #expect(applied.output.contains("Apply complete"))
        let second = try bed.plan()
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("No changes"))
        let again = try bed.applyAll()
        #expect(again.status == 0)
        #expect(again.output.contains("No changes"))

        let show = try bed.onboard(["show"])
        #expect(show.status == 0, "\(show.output)")
        #expect(show.output.contains("northside-lab  [active]"))
        #expect(show.output.contains("westfield-clinic  [suspended]"))
        #expect(show.output.contains("last apply #1"))
        #expect(!show.output.contains("valley-pathology"), "an offboarded partner never onboarded has nothing applied")
    }

    @Test func everyGeneratedFHIRResourcePassesTheR4Models() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let fhir = bed.root.appendingPathComponent("out/platform/fhir")
        let result = try ExternalTool.run(
            SchemaChecker.python,
            [
                Repository.root.appendingPathComponent("scripts/fhir-validate.py").path, fhir.path,
            ])
        #expect(result.status == 0, "\(result.output)")
        let verdicts = result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let types = Set(verdicts.compactMap { $0["resourceType"] as? String })
        #expect(
            types == [
                "Organization", "Endpoint", "HealthcareService", "OrganizationAffiliation", "CapabilityStatement",
                "Bundle", "Provenance", "AuditEvent",
            ])
        #expect(verdicts.count >= 21)
        for verdict in verdicts {
            #expect(verdict["valid"] as? Bool == true, "\(verdict)")
        }
    }

    /// The validator is not a rubber stamp: a broken Endpoint (no status, connectionType not a Coding) fails.
    @Test func theFHIRValidatorRejectsAnInvalidResource() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "bad.json",
            #"{"resourceType": "Endpoint", "connectionType": "hl7-fhir-rest", "address": "https://x.example"}"#)
        let result = try ExternalTool.run(
            SchemaChecker.python,
            [
                Repository.root.appendingPathComponent("scripts/fhir-validate.py").path, directory.path("bad.json"),
            ])
        #expect(result.output.contains("\"valid\": false"), "\(result.output)")
    }

    @Test func resourcesCarryOwnershipMarks() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let endpoint = try bed.json("out/platform/fhir/Endpoint/northside-lab-results.json")
        let tags = (endpoint["meta"] as? [String: Any])?["tag"] as? [[String: String]]
        #expect(tags == [["system": "urn:onboard:deployment", "code": "st-marys"]])
        let identifiers = endpoint["identifier"] as? [[String: String]]
        #expect(identifiers?.first == ["system": "urn:onboard:partner", "value": "northside-lab/results"])
        let capability = try bed.json("out/platform/fhir/CapabilityStatement/northside-lab-capability.json")
        #expect(capability["url"] as? String == "urn:onboard:partner:st-marys:northside-lab:capability")
        #expect(capability["kind"] as? String == "requirements")
        #expect(capability["software"] == nil && capability["implementation"] == nil)
        let client = try bed.json("out/platform/clients/northside-lab.json")
        #expect(client["software_id"] as? String == "onboard:st-marys:northside-lab")
        #expect(client["token_endpoint_auth_method"] as? String == "private_key_jwt")
        let riverside = try bed.json("out/platform/clients/riverside-clinic.json")
        #expect(riverside["tls_client_auth_san_uri"] as? String == "urn:onboard:partner:st-marys:riverside-clinic")
    }

    @Test func kitHoldsWhatThePartnerNeeds() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let kit = "out/kits/northside-lab/"
        let client = try bed.json(kit + "client.json")
        let registered = try bed.json("out/platform/clients/northside-lab.json")
        #expect(client["client_id"] as? String == registered["client_id"] as? String)
        #expect(client["token_endpoint"] as? String == "https://auth.st-marys.example/oauth2/token")
        #expect(client["fhir_base_url"] as? String == "https://partners.st-marys.example/fhir")
        #expect((client["scope"] as? String)?.contains("system/Patient.rs") == true)
        #expect(client["crl_url"] as? String == "https://partners.st-marys.example/crl/partners.crl.pem")
        #expect(try bed.read(kit + "certificate.pem").hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try bed.read(kit + "ca-chain.pem").contains("BEGIN CERTIFICATE"))
        #expect(try bed.json(kit + "capability-statement.json")["resourceType"] as? String == "CapabilityStatement")
        let readme = try bed.read(kit + "README.md")
        #expect(readme.contains("Northside Diagnostic Laboratory"))
        #expect(readme.contains(client["client_id"] as! String))
        #expect(!readme.contains("{{"), "every placeholder is filled")
        #expect(bed.exists("out/kits/okafor-cardiology/client.p12"), "no CSR: the generated key is in the kit")
    }
}
