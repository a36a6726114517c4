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

    static func inventory(_ records: [CertificateRecord], renewBefore: (String) -> Int?, now: Date) -> String {
        guard !records.isEmpty else { return "no certificates issued yet" }
        var lines = ["serial                            partner               not after             status"]
        for record in records {
            let status: String
            if let revocation = record.revocation {
                status = revocation.reason == .certificateHold ? "on hold" : "revoked (\(revocation.reason.rawValue))"
            } else {
                status = ChangeReasonText.describe(
                    RenewalPolicy.status(of: record, renewBeforeDays: renewBefore(record.partnerID), now: now))
            }
            lines.append(
                record.serial.padding(toLength: 34, withPad: " ", startingAt: 0)
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
