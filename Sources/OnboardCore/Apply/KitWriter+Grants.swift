import OnboardSpec

/// The kit README's grant section: per access grant, the patient, the types, the window (UTC, ended by the gateway's
/// own clock), the scope a token must carry for it and the exact search it allows.
extension KitWriter {
    func grants(_ partner: PartnerInput) -> String {
        guard !partner.grants.isEmpty else { return "Your organization holds no time-bound access grants." }
        let fhir = gatewayFHIR, call = authorizedCurl
        let sections = partner.grants.map { grant in
            let allowed = [
                grant.permissions.contains(.search) ? "search" : nil,
                grant.permissions.contains(.read) ? "read by id" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
            var lines = [
                "### `\(grant.id)`: \(grant.patient), until \(UTCInstant.text(grant.until))",
                "",
                "From \(UTCInstant.text(grant.from)) until \(UTCInstant.text(grant.until)) (UTC) you may \(allowed) "
                    + "\(grant.resources.joined(separator: ", ")) of \(grant.patient), for \(grant.purpose)"
                    + (grant.basis.map { " (the referral \($0))" } ?? "") + ". Ask for a token whose scope holds "
                    + "`\(RegisteredScope.string(grant.scopes))` (the token request above, with this scope).",
            ]
            if grant.permissions.contains(.search) {
                lines += ["", "```sh"]
                lines += grant.resources.map { "\(call) \"\(fhir)/\($0)?patient=\(grant.patient)\"" }
                lines.append("```")
            }
            return lines.joined(separator: "\n")
        }
        return """
            The gateway checks each grant by its own clock: before its start and from its end, the same requests are
            refused (403). A search names the patient exactly once, as `patient=` or `subject=` (other parameters may
            narrow it; chains, `_include`, `_revinclude`, `_has` and lists of patients are refused); a read by id
            returns only a resource whose subject is the patient.

            \(sections.joined(separator: "\n\n"))
            """
    }
}
