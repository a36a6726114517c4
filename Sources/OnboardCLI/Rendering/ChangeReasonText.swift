import OnboardCore
import OnboardSpec

/// The words for a planned change's reasons and an apply's outcome, shared by the human, markdown and JSON output.
enum ChangeReasonText {
    static func describe(_ reason: ChangeReason) -> String {
        switch reason {
        case .newPartner: "new partner"
        case .newResource: "new resource"
        case .changedFields: "changed fields"
        case .drift(let drift): "drift: " + describe(drift)
        case .renewalDue(let days): renewalDue(daysLeft: days)
        case .offboarded: "offboarded"
        case .suspended: "suspended"
        case .resumed: "suspension lifted"
        case .removedFromFiles: "removed from files"
        case .adopted(let platformID): "adopts \(platformID), which exists already (spec.adopt)"
        case .grantEnded(let grant): "grant ended (\(grant))"
        case .grantWithdrawn(let grant): "grant withdrawn from the file (\(grant))"
        case .caRotation(let deadline):
            "CA rotation: re-issued from the new CA; the old certificate works until \(UTCInstant.text(deadline))"
        case .crlExpiring(let days):
            days < 1 ? "CRL next update in less than a day" : "CRL next update in \(days) day\(days == 1 ? "" : "s")"
        }
    }

    /// The one wording of a certificate due for renewal, in plans, `check` and `show`.
    static func renewalDue(daysLeft days: Int) -> String {
        days < 0 ? "renewal due: expired \(-days) days ago" : "renewal due: \(days) days left"
    }

    /// A certificate's renewal status in `show`: due (with the window that applied), or how long it stays valid.
    static func describe(_ renewal: RenewalStatus) -> String {
        renewal.isDue || renewal.daysLeft < 0
            ? renewalDue(daysLeft: renewal.daysLeft) + ", renewed within \(renewal.thresholdDays) days of expiry"
            : "valid for \(renewal.daysLeft) more days"
    }

    static func describe(_ drift: ChangeReason.Drift) -> String {
        switch drift {
        case .missing: "missing on the platform"
        case .changed: "changed on the platform"
        case .notInInventory(let serial): "certificate \(serial) is not in the CA inventory"
        case .revokedOutside(let serial): "certificate \(serial) was revoked outside onboard"
        case .orphanClient(let clientID):
            "the OAuth server holds client \(clientID), registered for this partner by an apply that stopped before recording it"
        case .noCRL: "no CRL is published"
        }
    }

    /// "a; b" for a change's reasons.
    static func list(_ reasons: [ChangeReason]) -> String {
        reasons.map(describe).joined(separator: "; ")
    }

    /// "3 created, 1 updated, 0 replaced, 0 deleted".
    static func describe(_ counts: ApplyCounts) -> String {
        (counts.imported > 0 ? "\(counts.imported) imported, " : "")
            + "\(counts.created) created, \(counts.updated) updated, \(counts.replaced) replaced, \(counts.deleted) deleted"
    }
}
