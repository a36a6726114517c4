import Foundation
import OnboardTestSupport
import Testing

/// Each kind of change, and its reason, as `onboard plan` shows it — then applied, and converged.
@Suite struct ChangeReasonTests {
    func applied() throws -> ReconcileWorkspace {
        let bed = try ReconcileWorkspace()
        let run = try bed.applyAll()
        #expect(run.status == 0, "\(run.output)")
        return bed
    }

    func converge(_ bed: ReconcileWorkspace, _ extra: [String] = []) throws {
        let apply = try bed.applyAll(extra)
        #expect(apply.status == 0, "\(apply.output)")
        let plan = try bed.plan(extra)
        #expect(plan.status == 0, "not converged: \(plan.output)")
    }

    @Test func scopeChangeUpdatesClientAndCapability() throws {
        let bed = try applied()
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
        }
        let plan = try bed.plan()
        #expect(plan.status == 2)
        #expect(plan.output.contains("~ partner/northside-lab/client  update  (changed fields)"))
        #expect(plan.output.contains("scopes[2]: \"system/DiagnosticReport.cu\" → (none)"), "\(plan.output)")
        #expect(plan.output.contains("~ partner/northside-lab/capability  update  (changed fields)"))
        #expect(plan.output.contains("~ gateway/config  update"))
        #expect(!plan.output.contains("partner/northside-lab/certificate"), "a scope change needs no new certificate")
        try converge(bed)
        let client = try bed.json("out/platform/clients/northside-lab.json")
        #expect(
            client["scope"] as? String
                == "system/ServiceRequest.rs system/Observation.cu system/Task.rus system/Patient.rs")
    }

    @Test func newEndpointIsCreated() throws {
        let bed = try applied()
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(
                of: "  access:\n",
                with: """
                        - name: orders
                          connectionType: hl7-fhir-msg
                          address: https://msg.northside-lab.example/fhir
                      access:

                    """)
        }
        let plan = try bed.plan()
        #expect(plan.status == 2, "\(plan.output)")
        #expect(plan.output.contains("+ partner/northside-lab/endpoint/orders  create  (new resource)"))
        #expect(plan.output.contains("~ partner/northside-lab/organization  update  (changed fields)"))
        try converge(bed)
        let endpoint = try bed.json("out/platform/fhir/Endpoint/northside-lab-orders.json")
        #expect(endpoint["address"] as? String == "https://msg.northside-lab.example/fhir")
    }

    /// Whoever can write to the platform chooses what a drifted value holds: the plan shows it as visible text, in
    /// the human output and in the markdown posted to a pull request, never a terminal escape or a bidi override.
    @Test func driftedValuesShowAsVisibleText() throws {
        let bed = try applied()
        let path = "out/platform/fhir/Endpoint/northside-lab-results.json"
        try bed.edit(path) {
            $0.replacingOccurrences(
                of: "https://fhir.northside-lab.example/r4",
                with: "https://evil.example/\\u001b]0;owned\\u0007\\u202er4")
        }
        for format in [[], ["--format", "markdown"]] {
            let plan = try bed.plan(format)
            #expect(plan.output.contains(#"https://evil.example/\u001b]0;owned\u0007?r4"#), "\(plan.output)")
            #expect(!plan.output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
        }
    }

    @Test func handEditIsDriftAndApplyRepairsIt() throws {
        let bed = try applied()
        let path = "out/platform/fhir/Endpoint/northside-lab-results.json"
        try bed.edit(path) {
            $0.replacingOccurrences(of: "https://fhir.northside-lab.example/r4", with: "https://evil.example/r4")
        }
        let plan = try bed.plan()
        #expect(plan.status == 2)
        #expect(
            plan.output.contains("~ partner/northside-lab/endpoint/results  update  (drift: changed on the platform)"))
        #expect(
            plan.output.contains("address: \"https://evil.example/r4\" → \"https://fhir.northside-lab.example/r4\""))
        try converge(bed)
        #expect(try bed.json(path)["address"] as? String == "https://fhir.northside-lab.example/r4")

        try FileManager.default.removeItem(
            at: bed.root.appendingPathComponent("out/platform/clients/riverside-clinic.json"))
        let missing = try bed.plan()
        #expect(missing.output.contains("+ partner/riverside-clinic/client  create  (drift: missing on the platform)"))
        try converge(bed)
    }

    @Test func offboardingRevokesRemovesClientAndEndsHistory() throws {
        let bed = try applied()
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: offboarded")
        }
        let plan = try bed.plan()
        #expect(plan.status == 2)
        #expect(plan.output.contains("~ partner/northside-lab/certificate  update  (offboarded)"))
        #expect(plan.output.contains("- partner/northside-lab/client  delete  (offboarded)"))
        #expect(plan.output.contains("~ partner/northside-lab/endpoint/results  update  (offboarded)"))
        #expect(plan.output.contains("status: \"active\" → \"off\""))
        #expect(plan.output.contains("~ partner/northside-lab/affiliation  update  (offboarded)"))
        #expect(plan.output.contains("~ ca/crl  update"))
        try converge(bed)
        #expect(!bed.exists("out/platform/clients/northside-lab.json"))
        #expect(try bed.json("out/platform/fhir/Endpoint/northside-lab-results.json")["status"] as? String == "off")
        let affiliation = try bed.json("out/platform/fhir/OrganizationAffiliation/northside-lab-affiliation.json")
        #expect(affiliation["active"] as? Bool == false)
        #expect((affiliation["period"] as? [String: String])?["end"] != nil)
        #expect(bed.exists("out/platform/fhir/Organization/northside-lab.json"), "history is kept")
        let crl = try ExternalTool.run(
            "openssl",
            [
                "crl", "-in", bed.root.appendingPathComponent("out/platform/pki/partners.crl.pem").path, "-noout",
                "-text",
            ])
        let serial = try ExternalTool.run(
            "openssl",
            [
                "x509", "-in", bed.root.appendingPathComponent("out/kits/northside-lab/certificate.pem").path, "-noout",
                "-serial",
            ])
        let hex = serial.output.replacingOccurrences(of: "serial=", with: "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(crl.output.contains("Serial Number: \(hex)"))
        #expect(crl.output.contains("Cessation Of Operation"))
    }

    @Test func suspensionHoldsAndResumptionReleases() throws {
        let bed = try applied()
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: suspended")
        }
        let suspend = try bed.plan()
        #expect(suspend.output.contains("~ partner/northside-lab/certificate  update  (suspended)"))
        #expect(suspend.output.contains("~ partner/northside-lab/client  update  (suspended)"))
        try converge(bed)
        #expect(try bed.json("out/platform/clients/northside-lab.json")["scope"] as? String == "")
        #expect(!(try bed.read("out/platform/gateway/nginx-partners.conf")).contains("CN=northside-lab"))
        let certificate = try bed.read("out/kits/northside-lab/certificate.pem")
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: suspended", with: "status: active")
        }
        let resume = try bed.plan()
        #expect(resume.output.contains("~ partner/northside-lab/certificate  update  (suspension lifted)"))
        try converge(bed)
        #expect(try bed.read("out/kits/northside-lab/certificate.pem") == certificate, "lifted, not re-issued")
        #expect(try bed.read("out/platform/gateway/nginx-partners.conf").contains("CN=northside-lab"))
    }

    @Test func deletedPartnerFileIsRefusedWithoutAllowRemoval() throws {
        let bed = try applied()
        try bed.workspace.remove("Partners/riverside-clinic.yaml")
        let refused = try bed.plan()
        #expect(refused.status == 1)
        #expect(refused.output.contains("riverside-clinic (6 resources applied)"))
        #expect(refused.output.contains("--allow-removal"))
        #expect(try bed.applyAll().status == 1, "apply refuses too")
        let allowed = try bed.plan(["--allow-removal"])
        #expect(allowed.status == 2)
        #expect(allowed.output.contains("- partner/riverside-clinic/client  delete  (removed from files)"))
        #expect(allowed.output.contains("- partner/riverside-clinic/certificate  delete  (removed from files)"))
        try converge(bed, ["--allow-removal"])
        #expect(!bed.exists("out/platform/clients/riverside-clinic.json"))
    }
}
