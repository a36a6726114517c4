/// The kit README's referral section: where the partner may refer (with a copy-paste referral and the search that
/// follows it) and where the referrals addressed to its services arrive.
extension KitWriter {
    func referrals(_ partner: PartnerInput) -> String {
        let fhir = gatewayFHIR, call = authorizedCurl
        let receiving = partner.services.filter(\.acceptsReferrals)
        func fhirID(_ service: String) -> String { serviceIDs[service] ?? service }
        var parts: [String] = []
        if let first = partner.referralTargets.first.map(fhirID) {
            let names = Dictionary(deployment.services.map { ($0.id, $0.name) }, uniquingKeysWith: { one, _ in one })
            let targets = partner.referralTargets.map { id in
                "- `HealthcareService/\(fhirID(id))`" + (names[id].map { " — \($0), \(deployment.hospitalName)" } ?? "")
            }
            parts.append(
                """
                You may refer patients to these services (the gateway refuses a referral to any other):

                \(targets.joined(separator: "\n"))

                A referral is a `ServiceRequest` and a `Task` that points at it, posted together (FHIR Workflow). The
                requester is always `Organization/\(partner.id)`; the patient is one the hospital's server knows:

                ```sh
                PATIENT=Patient/the-patient-id
                cat > referral.json <<EOF
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:7d0f3c5e-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "ServiceRequest", "status": "active", "intent": "order",
                     "code": {"text": "Consultation"}, "subject": {"reference": "$PATIENT"},
                     "requester": {"reference": "Organization/\(partner.id)"},
                     "performer": [{"reference": "HealthcareService/\(first)"}]},
                   "request": {"method": "POST", "url": "ServiceRequest"}},
                  {"resource": {"resourceType": "Task", "status": "requested", "intent": "order",
                     "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
                     "focus": {"reference": "urn:uuid:7d0f3c5e-0000-4000-8000-000000000001"},
                     "for": {"reference": "$PATIENT"}, "requester": {"reference": "Organization/\(partner.id)"},
                     "owner": {"reference": "HealthcareService/\(first)"}},
                   "request": {"method": "POST", "url": "Task"}}]}
                EOF
                \(call) -H "Content-Type: application/fhir+json" --data-binary @referral.json "\(fhir)/"
                ```

                Follow your referrals (the receiver moves each Task to accepted, rejected, in-progress, completed):

                ```sh
                \(call) "\(fhir)/Task?requester=Organization/\(partner.id)"
                ```

                Until the receiver accepts a Task you may change it (PUT, the whole Task); after that only cancel it
                (`status: cancelled`, with a `statusReason`).
                """)
        }
        if let first = receiving.first {
            parts.append(
                """
                Referrals addressed to your services arrive as Tasks owned by them: \
                \(receiving.map { "`HealthcareService/\(fhirID($0.id))` (\($0.name))" }.joined(separator: ", ")). Find them:

                ```sh
                \(call) "\(fhir)/Task?owner=HealthcareService/\(fhirID(first.id))&status=requested"
                ```

                Read one (`GET \(fhir)/Task/<id>`), then update it whole with PUT to move its `status` (accepted,
                rejected, in-progress, completed) and `businessStatus`; the gateway refuses a change of its requester,
                owner, focus or patient. Searches must name your service (`owner=`) or yourself (`requester=`).
                """)
        }
        if parts.isEmpty {
            return "Your organization neither sends nor receives referrals through this platform."
        }
        return parts.joined(separator: "\n\n")
    }
}
