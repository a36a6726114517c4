import Foundation
import OnboardTestSupport
import Testing

/// The referral network on the real platform: a clinic refers a patient to a specialist's consult service through the
/// gateway (ServiceRequest + Task in one transaction), the specialist finds the Task and accepts it, the clinic sees
/// it accepted — and, from the attacker's side, every way out of the declared routes is 403 with nothing written on
/// the FHIR server (checked by searching it directly).
extension LivePlatformTests {
    @Test("referral network: a referral along a route, accepted; every way off the routes refused, nothing written")
    func referralNetwork() throws {
        let platform = try LivePlatform()
        defer { platform.stop() }
        let (workspace, onboard) = try Self.liveWorkspace(platform)
        let root = workspace.root
        let partners = root.appendingPathComponent("Partners")
        // The partners' IT send their CSRs and key sets; the test holds the keys.
        let clinic = try TestPartner(id: "westfield-clinic", directory: partners)
        let specialist = try TestPartner(id: "okafor-cardiology", directory: partners)
        let lab = try TestPartner(id: "northside-lab", directory: partners)
        for partner in [clinic, specialist, lab] {
            try workspace.write("Partners/\(partner.id).jwks.json", partner.jwks)
        }
        try workspace.edit("Partners/westfield-clinic.yaml") {
            $0.replacingOccurrences(of: "  status: suspended ", with: "  status: active    ")
        }
        try workspace.edit("Partners/okafor-cardiology.yaml") {
            $0.replacingOccurrences(
                of: "    validityDays: 90", with: "    validityDays: 90\n    csr: okafor-cardiology.csr.pem")
        }
        #expect(try onboard(["ca", "init"]).status == 0)
        var run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")

        func clientID(_ partner: String) throws -> String {
            let data = try Data(contentsOf: root.appendingPathComponent("out/kits/\(partner)/client.json"))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["client_id"] as? String ?? ""
        }
        func token(_ partner: TestPartner, _ scope: String) throws -> String {
            try Self.accessToken(partner.token(platform, clientID: try clientID(partner.id), scope: scope))
        }
        let clinicToken = try token(clinic, "system/ServiceRequest.crs system/Task.crus")
        let specialistToken = try token(specialist, "system/Task.rus")
        let labToken = try token(lab, "system/Task.rus")
        func call(
            _ partner: TestPartner, _ token: String, _ method: String, _ path: String, _ body: Any? = nil,
            headers: [String] = []
        ) throws -> LivePlatform.Response {
            var arguments = [
                "--cert", root.appendingPathComponent("out/kits/\(partner.id)/certificate.pem").path,
                "--key", partner.keyFile.path, "-H", "Authorization: Bearer \(token)", "-X", method,
            ]
            arguments += headers.flatMap { ["-H", $0] }
            if let body {
                arguments += [
                    "-H", "Content-Type: application/fhir+json", "--data-binary",
                    String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
                ]
            }
            return try platform.curl(arguments + ["\(platform["GATEWAY_URL"])\(path)"])
        }
        /// How many resources of `type` match `query` on the FHIR server itself.
        func stored(_ type: String, _ query: String) throws -> Int {
            try platform.fhir("GET", "\(type)?\(query)&_count=100").json["total"] as? Int ?? -1
        }

        // 1. westfield-clinic refers a patient to okafor-cardiology-consults: ServiceRequest + Task, one transaction.
        let patient = try platform.fhir(
            "POST", "Patient", ["resourceType": "Patient", "name": [["family": "Referral", "given": ["Ada"]]]])
        let patientID = patient.json["id"] as? String ?? ""
        #expect(!patientID.isEmpty, "\(patient.body)")
        let referral = Self.referral(
            from: "westfield-clinic", to: "okafor-cardiology-consults", patient: patientID,
            note: String(repeating: "x", count: 8000))
        let sent = try LivePlatformTests.eventually(200) { try call(clinic, clinicToken, "POST", "/fhir/", referral) }
        #expect(sent.status == 200, "\(sent.body)")
        let locations = ((sent.json["entry"] as? [[String: Any]]) ?? []).compactMap {
            ($0["response"] as? [String: Any])?["location"] as? String
        }
        // Locations may be absolute: `<base>/Task/<id>/_history/1`.
        let taskPath = try #require(
            locations.map { $0.split(separator: "/").map(String.init) }.first { $0.contains("Task") }, "\(sent.body)")
        let taskID = taskPath[taskPath.firstIndex(of: "Task")! + 1]

        // okafor-cardiology finds its work, reads it and accepts it.
        let inbox = try call(
            specialist, specialistToken, "GET", "/fhir/Task?owner=HealthcareService/okafor-cardiology-consults")
        #expect(inbox.status == 200, "\(inbox.body)")
        #expect(inbox.body.contains(taskID), "\(inbox.body)")
        let read = try call(specialist, specialistToken, "GET", "/fhir/Task/\(taskID)")
        #expect(read.status == 200, "\(read.body)")
        var task = read.json
        task["status"] = "accepted"
        task["businessStatus"] = ["text": "Appointment offered for next week"]
        let accepted = try call(specialist, specialistToken, "PUT", "/fhir/Task/\(taskID)", task)
        #expect(accepted.status == 200, "\(accepted.body)")

        // westfield-clinic follows its referrals and sees it accepted.
        let followed = try call(clinic, clinicToken, "GET", "/fhir/Task?requester=Organization/westfield-clinic")
        #expect(followed.status == 200, "\(followed.body)")
        let mine = ((followed.json["entry"] as? [[String: Any]]) ?? []).compactMap { $0["resource"] as? [String: Any] }
        #expect(mine.first { $0["id"] as? String == taskID }?["status"] as? String == "accepted", "\(followed.body)")

        // 2. From the attacker's side: each 403, nothing written.
        let offRoute = try call(
            clinic, clinicToken, "POST", "/fhir/",
            Self.referral(from: "westfield-clinic", to: "northside-lab-chemistry", patient: patientID))
        #expect(offRoute.status == 403 && offRoute.body.contains("no referral route"), "\(offRoute.body)")
        #expect(try stored("ServiceRequest", "performer=HealthcareService/northside-lab-chemistry") == 0)
        let impersonated = try call(
            clinic, clinicToken, "POST", "/fhir/",
            Self.referral(from: "riverside-clinic", to: "okafor-cardiology-consults", patient: patientID))
        #expect(impersonated.status == 403, "\(impersonated.body)")
        #expect(try stored("Task", "requester=Organization/riverside-clinic") == 0)
        var hijacked = task
        hijacked["status"] = "rejected"
        let notOwner = try call(lab, labToken, "PUT", "/fhir/Task/\(taskID)", hijacked)
        #expect(notOwner.status == 403, "northside-lab does not own the Task: \(notOwner.body)")
        // Asking for XML makes the gateway's own read of the stored Task unparseable: still refused, nothing relayed.
        let xml = try call(
            lab, labToken, "PUT", "/fhir/Task/\(taskID)", hijacked, headers: ["Accept: application/fhir+xml"])
        #expect(xml.status == 403 && !xml.body.contains(patientID), "\(xml.status) \(xml.body)")
        let snooping = try call(lab, labToken, "GET", "/fhir/Task?owner=HealthcareService/okafor-cardiology-consults")
        #expect(snooping.status == 403, "\(snooping.body)")
        let peek = try call(lab, labToken, "GET", "/fhir/Task/\(taskID)")
        #expect(peek.status == 403, "\(peek.body)")
        var moved = try call(specialist, specialistToken, "GET", "/fhir/Task/\(taskID)").json
        moved["owner"] = ["reference": "HealthcareService/cardiology"]
        var stale = try call(specialist, specialistToken, "GET", "/fhir/Task/\(taskID)").json
        stale["status"] = "in-progress"
        let staleUpdate = try call(
            specialist, specialistToken, "PUT", "/fhir/Task/\(taskID)", stale, headers: ["If-Match: W/\"1\""])
        #expect(staleUpdate.status == 412, "an update of the version before the acceptance: \(staleUpdate.body)")
        let ownerChange = try call(specialist, specialistToken, "PUT", "/fhir/Task/\(taskID)", moved)
        #expect(ownerChange.status == 403, "\(ownerChange.body)")
        var completed = try call(clinic, clinicToken, "GET", "/fhir/Task/\(taskID)").json
        completed["status"] = "completed"
        let senderAfterAcceptance = try call(clinic, clinicToken, "PUT", "/fhir/Task/\(taskID)", completed)
        #expect(senderAfterAcceptance.status == 403, "\(senderAfterAcceptance.body)")
        // The order the receiver accepted is not changed behind its back; a sender's Task status is its own to set
        // only as requested or cancelled.
        let orderPath = try #require(
            locations.map { $0.split(separator: "/").map(String.init) }.first { $0.contains("ServiceRequest") })
        let orderID = orderPath[orderPath.firstIndex(of: "ServiceRequest")! + 1]
        var order = try platform.fhir("GET", "ServiceRequest/\(orderID)").json
        order["code"] = ["text": "Something else entirely"]
        let changedOrder = try call(clinic, clinicToken, "PUT", "/fhir/ServiceRequest/\(orderID)", order)
        #expect(changedOrder.status == 403, "\(changedOrder.body)")
        let storedTask = try platform.fhir("GET", "Task/\(taskID)").json
        #expect(storedTask["status"] as? String == "accepted", "unchanged on the server: \(storedTask)")
        #expect(
            (storedTask["owner"] as? [String: Any])?["reference"] as? String
                == "HealthcareService/okafor-cardiology-consults")

        // A route removed from the file and applied is closed.
        try workspace.edit("Partners/westfield-clinic.yaml") {
            $0.replacingOccurrences(
                of: "sendTo: [cardiology, okafor-cardiology-consults]", with: "sendTo: [cardiology]")
        }
        run = try onboard(["apply", "--auto-approve"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("partner/westfield-clinic/affiliation"), "\(run.output)")
        let history = try onboard(["history", "--partner", "westfield-clinic"])
        #expect(
            history.output.contains("route-removed HealthcareService/okafor-cardiology-consults"), "\(history.output)")
        // The route change is in the audit trail: one AuditEvent for the route removed, naming the service.
        let events =
            ((try platform.fhir("GET", "AuditEvent?_tag=urn:onboard:deployment%7Cst-marys&_count=500").json["entry"]
            as? [[String: Any]]) ?? []).compactMap { $0["resource"] as? [String: Any] }
        func details(_ subtype: String) -> [[String: String]] {
            events.filter { ((($0["subtype"] as? [[String: Any]])?.first)?["code"] as? String) == subtype }.map {
                var values: [String: String] = [:]
                for detail in (((($0["entity"] as? [[String: Any]])?.first)?["detail"] as? [[String: Any]]) ?? []) {
                    if let type = detail["type"] as? String { values[type] = detail["valueString"] as? String }
                }
                return values
            }
        }
        #expect(
            details("route-removed").filter { $0["partner"] == "westfield-clinic" }.map { $0["service"] }
                == ["HealthcareService/okafor-cardiology-consults"], "\(details("route-removed"))")
        #expect(
            Set(details("route-added").filter { $0["partner"] == "westfield-clinic" }.compactMap { $0["service"] })
                == ["HealthcareService/cardiology", "HealthcareService/okafor-cardiology-consults"],
            "its routes when it was onboarded: \(details("route-added"))")
        let before = try stored("Task", "owner=HealthcareService/okafor-cardiology-consults")
        let closed = try LivePlatformTests.eventually(403) {
            try call(
                clinic, clinicToken, "POST", "/fhir/",
                Self.referral(from: "westfield-clinic", to: "okafor-cardiology-consults", patient: patientID))
        }
        #expect(closed.status == 403, "\(closed.body)")
        #expect(try stored("Task", "owner=HealthcareService/okafor-cardiology-consults") == before)
        let stillOpen = try call(
            clinic, clinicToken, "POST", "/fhir/",
            Self.referral(from: "westfield-clinic", to: "cardiology", patient: patientID))
        #expect(stillOpen.status == 200, "\(stillOpen.body)")

        // The kits say it too: the clinic's README's commands, run as its developer would in a copy of the kit with
        // the clinic's key, get a token, send a referral to its first route and follow it; the specialist's README
        // names the search that finds its work.
        let copy = try TemporaryDirectory()
        let kit = copy.url.appendingPathComponent("kit")
        try FileManager.default.copyItem(at: root.appendingPathComponent("out/kits/westfield-clinic"), to: kit)
        try FileManager.default.copyItem(at: clinic.keyFile, to: kit.appendingPathComponent("partner-key.pem"))
        let readme = try String(contentsOf: kit.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("`HealthcareService/cardiology` — St Mary's Cardiology"), "\(readme)")
        let script = Self.shellBlocks(readme).joined(separator: "\n").replacingOccurrences(
            of: "PATIENT=Patient/the-patient-id", with: "PATIENT=Patient/\(patientID)")
        let sentBefore = try stored("Task", "requester=Organization/westfield-clinic")
        let commands = try ExternalTool.run(
            "bash", ["-c", "set -e\n" + script + "\n"], in: kit, environment: ["CURL_CA_BUNDLE": "/nonexistent"])
        #expect(commands.output.contains("\"transaction-response\""), "\(commands.output)")
        #expect(try stored("Task", "requester=Organization/westfield-clinic") == sentBefore + 1, "\(commands.output)")
        let specialistReadme = try String(
            contentsOf: root.appendingPathComponent("out/kits/okafor-cardiology/README.md"), encoding: .utf8)
        #expect(
            specialistReadme.contains("/fhir/Task?owner=HealthcareService/okafor-cardiology-consults&status=requested"),
            "\(specialistReadme)")

        // 3. What the network wrote passes the independent R4 models.
        let written = root.appendingPathComponent("written")
        try FileManager.default.createDirectory(at: written, withIntermediateDirectories: true)
        for (type, query) in [
            ("HealthcareService", "_tag=urn:onboard:deployment|st-marys"), ("Task", "_count=100"),
            ("ServiceRequest", "_count=100"),
        ] {
            let bundle = try platform.fhir("GET", "\(type)?\(query)").json
            for (index, entry) in ((bundle["entry"] as? [[String: Any]]) ?? []).enumerated() {
                let resource = entry["resource"] ?? [:]
                try JSONSerialization.data(withJSONObject: resource).write(
                    to: written.appendingPathComponent("\(type)-\(index).json"))
            }
        }
        let validation = try ExternalTool.run(
            SchemaChecker.python,
            [Repository.root.appendingPathComponent("scripts/fhir-validate.py").path, written.path])
        let verdicts = validation.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(
            Set(verdicts.compactMap { $0["resourceType"] as? String }) == [
                "HealthcareService", "Task", "ServiceRequest",
            ])
        for verdict in verdicts { #expect(verdict["valid"] as? Bool == true, "\(verdict)") }
    }

    /// A referral as the FHIR Workflow pattern has it: a ServiceRequest to the service and a Task to fulfil it, in
    /// one transaction; `note` pads it to a realistic size.
    static func referral(from sender: String, to service: String, patient: String, note: String = "") -> [String: Any] {
        let request = "urn:uuid:\(UUID().uuidString.lowercased())"
        let requester = ["reference": "Organization/\(sender)"]
        var serviceRequest: [String: Any] = [
            "resourceType": "ServiceRequest", "status": "active", "intent": "order",
            "code": ["text": "Cardiology consultation"], "subject": ["reference": "Patient/\(patient)"],
            "requester": requester, "performer": [["reference": "HealthcareService/\(service)"]],
        ]
        if !note.isEmpty { serviceRequest["note"] = [["text": note]] }
        let task: [String: Any] = [
            "resourceType": "Task", "status": "requested", "intent": "order",
            "code": ["coding": [["system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"]]],
            "focus": ["reference": request], "for": ["reference": "Patient/\(patient)"],
            "authoredOn": "2026-12-07T08:17:00Z", "requester": requester,
            "owner": ["reference": "HealthcareService/\(service)"],
        ]
        return [
            "resourceType": "Bundle", "type": "transaction",
            "entry": [
                [
                    "fullUrl": request, "resource": serviceRequest,
                    "request": ["method": "POST", "url": "ServiceRequest"],
                ],
                ["resource": task, "request": ["method": "POST", "url": "Task"]],
            ],
        ]
    }
}
