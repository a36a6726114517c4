import Foundation
import OnboardTestSupport
import Testing

/// Specialist access grants on the real platform: okafor-cardiology, whose declared scopes reach no imaging, is
/// granted one patient's ImagingStudy and DiagnosticReport for 60 seconds. Inside the window its search for that
/// patient passes and every wider request is 403 (from the attacker's side); when the window passes the gateway
/// refuses by its own clock, before any apply; the next apply makes the Consent inactive and takes the scope off the
/// client (read back from glewlwyd). A second grant, written with `onboard grant add` and taken out with `onboard
/// grant end`, is withdrawn the same way. The audit trail and `onboard history` name each grant event.
extension LivePlatformTests {
    @Test("access grants: one patient, two types, a window the gateway ends by its clock; Consent, scopes, audit")
    func accessGrants() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        let root = workspace.root
        let specialist = try TestPartner(id: "okafor-cardiology", directory: root.appendingPathComponent("Partners"))
        try workspace.write("Partners/okafor-cardiology.jwks.json", specialist.jwks)
        try workspace.edit("Partners/okafor-cardiology.yaml") {
            $0.replacingOccurrences(
                of: "    validityDays: 90", with: "    validityDays: 90\n    csr: okafor-cardiology.csr.pem")
        }
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let data = try Data(contentsOf: root.appendingPathComponent("out/kits/okafor-cardiology/client.json"))
        let clientID = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["client_id"] as? String ?? ""
        func token(_ scope: String) throws -> String {
            try Self.accessToken(specialist.token(platform, clientID: clientID, scope: scope))
        }
        func search(_ token: String, _ path: String) throws -> LivePlatform.Response {
            try specialist.call(
                platform, path, certificate: root.appendingPathComponent("out/kits/okafor-cardiology/certificate.pem"),
                token: token)
        }
        func created(_ type: String, _ resource: [String: Any]) throws -> String {
            let answer = try platform.fhir("POST", type, resource)
            let id = answer.json["id"] as? String ?? ""
            #expect(!id.isEmpty, "\(answer.body)")
            return id
        }
        let patient = try created("Patient", ["resourceType": "Patient", "name": [["family": "Granted"]]])
        let other = try created("Patient", ["resourceType": "Patient", "name": [["family": "Other"]]])
        func study(_ patient: String) throws -> String {
            try created(
                "ImagingStudy",
                ["resourceType": "ImagingStudy", "status": "available", "subject": ["reference": "Patient/\(patient)"]])
        }
        let granted = try study(patient), foreign = try study(other)
        let report = try created(
            "DiagnosticReport",
            [
                "resourceType": "DiagnosticReport", "status": "final", "code": ["text": "Echocardiogram"],
                "subject": ["reference": "Patient/\(patient)"],
            ])
        let referral = try created(
            "ServiceRequest",
            [
                "resourceType": "ServiceRequest", "status": "active", "intent": "order",
                "subject": ["reference": "Patient/\(patient)"],
            ])
        // A grant for a patient the server does not hold, or based on a referral about another patient, is refused
        // at plan time, at its lines, before any change.
        run = try onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/no-such-patient", "--resources",
            "ImagingStudy", "--days", "1", "--id", "mistaken",
        ])
        #expect(run.status == 0, "\(run.output)")
        run = try onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/\(other)", "--resources",
            "ImagingStudy", "--days", "1", "--id", "crossed", "--basis", "ServiceRequest/\(referral)",
        ])
        run = try onboard(["plan"])
        #expect(run.status == 1, "\(run.output)")
        #expect(
            run.output.contains(
                "error: spec.grants.mistaken.patient: grant mistaken of okafor-cardiology names "
                    + "Patient/no-such-patient, which the FHIR server does not hold"), "\(run.output)")
        #expect(
            run.output.contains("is for Patient/\(other), but its basis ServiceRequest/\(referral) is about Patient/\(patient)"),
            "\(run.output)")
        #expect(run.output.contains("[grant-reference-unknown]"), "\(run.output)")
        for grant in ["mistaken", "crossed"] {
            #expect(try onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", grant]).status == 0)
        }
        // A token from before the grant: it cannot carry the grant's scope (glewlwyd does not know it yet).
        let before = try token("system/Patient.rs")

        // 1. The grant: 60 seconds from now, written into the file as IT would, reviewed and applied.
        let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let until = start.addingTimeInterval(60)
        let instant = ISO8601DateFormatter()
        try workspace.edit("Partners/okafor-cardiology.yaml") {
            $0 + """
                  grants:
                    - id: consult-60s
                      patient: Patient/\(patient)
                      resources: [ImagingStudy, DiagnosticReport]
                      interactions: rs
                      purpose: TREAT
                      basis: ServiceRequest/\(referral)
                      from: \(instant.string(from: start))
                      until: \(instant.string(from: until))

                """
        }
        // And a second one, for a week, with `onboard grant add`.
        run = try onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/\(other)", "--resources",
            "DiagnosticReport", "--days", "7", "--id", "consult-week",
        ])
        #expect(run.status == 0, "\(run.output)")
        run = try onboard(["plan"])
        #expect(run.output.contains("partner/okafor-cardiology/grant/consult-60s  create"), "\(run.output)")
        #expect(run.output.contains("partner/okafor-cardiology/grant/consult-week  create"), "\(run.output)")
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        let kit = try String(
            contentsOf: root.appendingPathComponent("out/kits/okafor-cardiology/README.md"), encoding: .utf8)
        #expect(kit.contains("/fhir/ImagingStudy?patient=Patient/\(patient)\""), "\(kit)")
        #expect(kit.contains("until \(instant.string(from: until))"), "\(kit)")
        let grantScopes = "system/ImagingStudy.rs?patient=Patient/\(patient) "
            + "system/DiagnosticReport.rs?patient=Patient/\(patient)"
        let held = try platform.oauthClient(clientID).json["scope"] as? [String] ?? []
        #expect(held.contains("system/ImagingStudy.rs?patient=Patient/\(patient)"), "\(held)")
        let access = try token(grantScopes)
        #expect(
            (try Self.claims(access)["scope"] as? String ?? "").contains("system/ImagingStudy.rs?patient="),
            "glewlwyd issues the grant's restricted scope")

        // 2. Inside the window: the granted patient's studies, by search and by id; nothing wider.
        #expect(Date() < until.addingTimeInterval(-20), "setting the grant up took most of its 60-second window")
        let allowed = try search(access, "/fhir/ImagingStudy?patient=Patient/\(patient)")
        #expect(allowed.status == 200, "\(allowed.body)")
        #expect(allowed.body.contains(granted) && !allowed.body.contains(foreign), "\(allowed.body)")
        #expect(try search(access, "/fhir/ImagingStudy?subject=Patient/\(patient)&_count=5").status == 200)
        #expect(try search(access, "/fhir/ImagingStudy/\(granted)").status == 200)
        #expect(try search(access, "/fhir/DiagnosticReport/\(report)").status == 200)
        let otherPatient = try search(access, "/fhir/ImagingStudy?patient=Patient/\(other)")
        #expect(otherPatient.status == 403, "\(otherPatient.body)")
        #expect(otherPatient.body.contains("the grant covers another patient"), "\(otherPatient.body)")
        let otherStudy = try search(access, "/fhir/ImagingStudy/\(foreign)")
        #expect(otherStudy.status == 403 && otherStudy.body.contains("records of its patient"), "\(otherStudy.body)")
        let onlyStudies = try token("system/ImagingStudy.rs?patient=Patient/\(patient)")
        for (path, why) in [
            ("ImagingStudy?patient=Patient/\(patient)&patient=Patient/\(other)", "patient given twice"),
            ("ImagingStudy?patient=Patient/\(patient),Patient/\(other)", "an OR list"),
            ("ImagingStudy?patient.identifier=x", "a chained patient.identifier"),
            ("ImagingStudy?patient=Patient/\(patient)&patient.identifier=x", "a chain beside the patient"),
            ("ImagingStudy?patient=Patient/\(patient)&_has:Observation:patient:code=x", "_has"),
            ("ImagingStudy?patient=Patient/\(patient)&_include=ImagingStudy:subject", "_include"),
            ("ImagingStudy?patient=Patient/\(patient)&_revinclude=Observation:subject", "_revinclude"),
            ("ImagingStudy?subject:Patient=\(patient)", "a modifier on subject"),
            ("ImagingStudy?_id=\(foreign)", "no patient at all"),
            ("ImagingStudy/\(granted)/_history/1", "vread (only read by id and search)"),
            ("ImagingStudy/\(granted)/_history", "history"),
            ("Observation?patient=Patient/\(patient)", "a type the grant does not name"),
        ] {
            let answer = try search(access, "/fhir/\(path)")
            #expect(answer.status == 403, "\(why): \(answer.status) \(answer.body)")
        }
        let otherType = try search(onlyStudies, "/fhir/DiagnosticReport?patient=Patient/\(patient)")
        #expect(otherType.status == 403, "the ImagingStudy grant scope used on DiagnosticReport: \(otherType.body)")
        let stale = try search(before, "/fhir/ImagingStudy?patient=Patient/\(patient)")
        #expect(stale.status == 403 && stale.body.contains("no scope for this interaction"), "\(stale.body)")

        run = try onboard(["check"])
        #expect(run.status == 2 && run.output.contains("grant-ending: grant consult-60s"), "\(run.output)")
        #expect(!run.output.contains("consult-week"), "\(run.output)")

        // 3. The Consent on the FHIR server, active, passes the R4 models.
        let consent = try platform.fhir("GET", "Consent/okafor-cardiology-consult-60s")
        #expect(consent.json["status"] as? String == "active", "\(consent.body)")
        let written = root.appendingPathComponent("consent.json")
        try Data(consent.body.utf8).write(to: written)
        let validation = try ExternalTool.run(
            SchemaChecker.python, [Repository.root.appendingPathComponent("scripts/fhir-validate.py").path, written.path])
        #expect(validation.output.contains("\"valid\": true"), "\(validation.output)")

        // 4. After the window, with no apply: the same search is refused by the gateway's clock.
        Thread.sleep(forTimeInterval: max(0, until.timeIntervalSinceNow + 1))
        let ended = try search(access, "/fhir/ImagingStudy?patient=Patient/\(patient)")
        #expect(ended.status == 403 && ended.body.contains("has ended"), "\(ended.status) \(ended.body)")
        #expect(try search(access, "/fhir/ImagingStudy/\(granted)").status == 403)

        // 5. The next plan shows it ended; the apply makes the Consent inactive and takes the scope off the client.
        run = try onboard(["plan", "--detailed-exitcode"])
        #expect(run.status == 2 && run.output.contains("grant ended (consult-60s)"), "\(run.output)")
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        let inactive = try platform.fhir("GET", "Consent/okafor-cardiology-consult-60s")
        #expect(inactive.json["status"] as? String == "inactive", "\(inactive.body)")
        let after = try platform.oauthClient(clientID).json["scope"] as? [String] ?? []
        #expect(!after.contains { $0.contains("Patient/\(patient)") }, "\(after)")
        #expect(after.contains("system/DiagnosticReport.rs?patient=Patient/\(other)"), "\(after)")
        run = try onboard(["check"])
        #expect(run.status == 2 && run.output.contains("grant-ended-in-file: grant consult-60s"), "\(run.output)")

        // 6. `grant end` takes the week-long grant out; once applied its Consent is inactive too.
        run = try onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", "consult-week"])
        #expect(run.status == 0, "\(run.output)")
        run = try onboard(["plan"])
        #expect(run.output.contains("grant withdrawn from the file (consult-week)"), "\(run.output)")
        #expect(try onboard(["apply", "--auto-approve"]).status == 0)
        #expect(
            try platform.fhir("GET", "Consent/okafor-cardiology-consult-week").json["status"] as? String == "inactive")
        #expect(try onboard(["plan", "--detailed-exitcode"]).status == 0)

        // 7. The audit trail and the history name each grant event.
        let events = try platform.fhir("GET", "AuditEvent?_count=200").body
        for event in ["grant-given", "grant-ended", "grant-withdrawn"] {
            #expect(events.contains("\"\(event)\""), "no \(event) AuditEvent")
        }
        let history = try onboard(["history", "--partner", "okafor-cardiology"]).output
        #expect(history.contains("grant-given consult-60s"), "\(history)")
        #expect(history.contains("grant-ended consult-60s"), "\(history)")
        #expect(history.contains("grant-withdrawn consult-week"), "\(history)")
    }
}
