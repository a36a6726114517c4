import Foundation

/// When a certificate is due for renewal: when its remaining life is under `renewBeforeDays`, or under a third of its
/// lifetime when the partner's spec leaves that unset.
public enum RenewalPolicy {
    public static func status(of record: CertificateRecord, renewBeforeDays: Int?, now: Date) -> RenewalStatus {
        let day = 86_400.0
        let remaining = record.notAfter.timeIntervalSince(now)
        let lifetime = record.notAfter.timeIntervalSince(record.notBefore)
        let threshold = renewBeforeDays.map { Double($0) * day } ?? lifetime / 3
        return RenewalStatus(
            daysLeft: Int((remaining / day).rounded(.down)),
            thresholdDays: Int((threshold / day).rounded(.down)),
            isDue: remaining < threshold
        )
    }

    /// The usable certificates of the inventory that are due, with their status, for the planner and `ca show`.
    public static func due(
        in records: [CertificateRecord], renewBeforeDays: (String) -> Int?, now: Date
    ) -> [(CertificateRecord, RenewalStatus)] {
        records.compactMap { record in
            guard record.revocation == nil else { return nil }
            let status = status(of: record, renewBeforeDays: renewBeforeDays(record.partnerID), now: now)
            return status.isDue ? (record, status) : nil
        }
    }
}
