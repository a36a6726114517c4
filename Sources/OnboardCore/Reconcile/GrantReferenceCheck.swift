import Foundation
import OnboardSpec

/// The patients and referrals the open grants name, read from the hospital's FHIR server as the plan reads the
/// platform: a patient that is not there, a basis ServiceRequest that is not there, or one about another patient is a
/// diagnostic at the grant's line — all of them in one plan, before any change. A basis about another patient is the
/// mistake that matters: the grant would open someone else's records.
struct GrantReferenceCheck {
    let directory: any DirectoryTarget

    /// Throws `grantReferenceUnknown` with one diagnostic per grant reference the server contradicts.
    func verify(_ partners: [PartnerInput], now: Date) async throws {
        let grants = partners.filter { $0.status == .active }.flatMap { partner in
            partner.grants.filter { !$0.hasEnded(at: now) }.map { (partner.id, $0) }
        }
        guard !grants.isEmpty else { return }
        func ids(_ references: [String], _ type: String) -> [String] {
            references.compactMap { $0.hasPrefix(type + "/") ? String($0.dropFirst(type.count + 1)) : nil }
        }
        let patients = Set(
            try await directory.search("Patient", ids: ids(grants.map(\.1.patient), "Patient")).compactMap {
                $0["id"]?.stringValue
            })
        let bases = ids(grants.compactMap(\.1.basis), "ServiceRequest")
        var subjects: [String: String] = [:]
        if !bases.isEmpty {
            for request in try await directory.search("ServiceRequest", ids: bases) {
                guard let id = request["id"]?.stringValue else { continue }
                subjects[id] = request["subject"]?["reference"]?.stringValue ?? ""
            }
        }
        var problems: [Diagnostic] = []
        for (partner, grant) in grants {
            let field = "spec.grants.\(grant.id)"
            if !patients.contains(String(grant.patient.dropFirst("Patient/".count))), let location = grant.patientLocation {
                problems.append(
                    Diagnostic(
                        code: .grantReferenceUnknown, location: location, fieldPath: field + ".patient",
                        message: "grant \(grant.id) of \(partner) names \(grant.patient), which the FHIR server does not hold"))
            }
            guard let basis = grant.basis, let location = grant.basisLocation else { continue }
            let id = String(basis.dropFirst("ServiceRequest/".count))
            if let subject = subjects[id] {
                if subject != grant.patient {
                    problems.append(
                        Diagnostic(
                            code: .grantReferenceUnknown, location: location, fieldPath: field + ".basis",
                            message: "grant \(grant.id) of \(partner) is for \(grant.patient), but its basis \(basis) "
                                + "is about \(subject.isEmpty ? "no patient" : subject)"))
                }
            } else {
                problems.append(
                    Diagnostic(
                        code: .grantReferenceUnknown, location: location, fieldPath: field + ".basis",
                        message: "grant \(grant.id) of \(partner) names the basis \(basis), which the FHIR server does not hold"))
            }
        }
        guard problems.isEmpty else {
            throw OnboardError(
                .grantReferenceUnknown,
                "\(problems.count) grant reference\(problems.count == 1 ? "" : "s") cannot be used; nothing was changed",
                diagnostics: Diagnostic.sortedForDisplay(problems))
        }
    }
}
