import Foundation
import OnboardCore

/// Human text for the CA commands.
enum CAReport {
    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func describe(_ description: CADescription) -> String {
        func authority(_ label: String, _ authority: CADescription.Authority) -> String {
            """
            \(label)
              subject      \(authority.subject)
              key          \(authority.keyAlgorithm)
              valid        \(date(authority.notBefore)) to \(date(authority.notAfter))
              fingerprint  \(authority.fingerprint)
            """
        }
        var text = authority("root CA", description.root) + "\n" + authority("issuing CA", description.issuing)
        if let number = description.crlNumber, let next = description.crlNextUpdate {
            text += "\nCRL number \(number), next update by \(date(next))"
        }
        return text
    }

    /// What the external signer issued for this deployment; a certificate onboard's inventory does not know (issued
    /// by hand, or by an apply interrupted before it recorded it) is marked.
    static func signerIssued(_ issued: [(CertificateRecord, known: Bool)], signer: String) -> String {
        var lines = ["issued by \(signer): \(issued.count)"]
        for (record, known) in issued.sorted(by: { $0.0.notBefore < $1.0.notBefore }) {
            lines.append(
                "  \(record.serial)  \(record.partnerID.padding(toLength: 20, withPad: " ", startingAt: 0))"
                    + "  until \(date(record.notAfter))" + (known ? "" : "  not in onboard's inventory"))
        }
        return lines.joined(separator: "\n")
    }

    static func inventory(_ records: [CertificateRecord], renewBefore: (String) -> Int?, now: Date) -> String {
        guard !records.isEmpty else { return "no certificates issued yet" }
        // Serials are 16 bytes from the file CA, up to 20 from others (OpenBao).
        let width = max(34, (records.map(\.serial.count).max() ?? 0) + 2)
        var lines = [
            "serial".padding(toLength: width, withPad: " ", startingAt: 0)
                + "partner               not after             status"
        ]
        for record in records {
            let status: String
            if let revocation = record.revocation {
                status = revocation.reason == .certificateHold ? "on hold" : "revoked (\(revocation.reason.rawValue))"
            } else {
                status = ChangeReasonText.describe(
                    RenewalPolicy.status(of: record, renewBeforeDays: renewBefore(record.partnerID), now: now))
            }
            lines.append(
                record.serial.padding(toLength: width, withPad: " ", startingAt: 0)
                    + record.partnerID.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + date(record.notAfter).padding(toLength: 22, withPad: " ", startingAt: 0) + status
            )
        }
        return lines.joined(separator: "\n")
    }

    static func crl(_ crl: CRLInfo) -> String {
        "published CRL number \(crl.number) (\(crl.revokedSerials.count) revoked or held), next update by \(date(crl.nextUpdate))"
    }
}
