import Foundation

/// What `onboard check` reports, from a refreshed plan and the journal: nothing when the platform matches the files,
/// no certificate is due for renewal, the CRL has more than two days left and every apply finished with its audit
/// records written. Read-only: it takes no lock and writes nothing, so cron and monitoring can run it at any time.
public enum PlatformCheck {
    /// How long before its end a grant is reported as ending.
    public static let grantNotice: TimeInterval = 86_400

    /// One problem per planned change, per unfinished or unaudited apply, per grant ending within a day and per ended
    /// grant still in a partner file.
    public static func problems(
        plan: Plan, journal: [JournalRecord], partners: [PartnerInput], now: Date
    ) -> [CheckProblem] {
        var problems = plan.changes.map(CheckProblem.planned)
        if let last = journal.last, last.entry.outcome != .succeeded {
            let recorded = last.steps.filter { $0.status == .done }.count
            problems.append(.unfinishedApply(last.entry, recorded: recorded, steps: last.steps.count))
        }
        for record in journal where !record.audited && !record.steps.isEmpty && record.entry.outcome.isFinished {
            problems.append(.auditPending(applyID: record.entry.id))
        }
        for partner in partners where partner.status != .offboarded {
            for grant in partner.grants {
                if grant.hasEnded(at: now) {
                    problems.append(.grantEndedInFile(partnerID: partner.id, grant: grant.id, until: grant.until))
                } else if grant.until.timeIntervalSince(now) <= grantNotice {
                    problems.append(.grantEnding(partnerID: partner.id, grant: grant.id, until: grant.until))
                }
            }
        }
        return problems
    }
}
