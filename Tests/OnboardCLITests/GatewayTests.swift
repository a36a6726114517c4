import Foundation
import OnboardTestSupport
import Testing

/// The generated gateway configuration run by a real nginx: mutual TLS against the partner CA and CRL, and per partner
/// only the paths and methods its scopes allow, in front of a real upstream HTTP server on loopback.
@Suite(.serialized) struct GatewayTests {
    @Test func nginxEnforcesCertificatesAndScopes() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        let apply = try bed.applyAll()
        #expect(apply.status == 0, "\(apply.output)")
        try gateway.start()

        let allowed = try gateway.status("GET", "/fhir/Patient/sr-1")
        #expect(allowed == 200, "Patient.rs allows read; got \(allowed): \(gateway.errorLog)")
        #expect(try gateway.status("GET", "/fhir/Patient/p-1") == 200, "Patient.read (v1) allows read")
        #expect(try gateway.status("DELETE", "/fhir/Patient/sr-1") == 403, "no d letter")
        #expect(try gateway.status("GET", "/fhir/Encounter/e-1") == 403, "no Encounter scope")
        #expect(try gateway.status("GET", "/fhir/Patient/sr-1", as: nil) == 400, "no client certificate")

        // Offboarding: the certificate lands on the CRL, and the reloaded gateway refuses it.
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "status: active", with: "status: offboarded")
        }
        #expect(try bed.applyAll().status == 0)
        try gateway.start()
        #expect(try gateway.status("GET", "/fhir/Patient/sr-1") == 400, "revoked certificate")
    }
}
