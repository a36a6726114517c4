/// What `onboard check` reports, from a refreshed plan and the journal: nothing when the platform matches the files,
/// no certificate is due for renewal, the CRL has more than two days left and every apply finished with its audit
/// records written. Read-only: it takes no lock and writes nothing, so cron and monitoring can run it at any time.
public enum PlatformCheck {
    /// One problem per planned change and per unfinished or unaudited apply.
    public static func problems(plan: Plan, journal: [JournalRecord]) -> [CheckProblem] {
        var problems = plan.changes.map(CheckProblem.planned)
        if let last = journal.last, last.entry.outcome != .succeeded {
            let recorded = last.steps.filter { $0.status == .done }.count
            problems.append(.unfinishedApply(last.entry, recorded: recorded, steps: last.steps.count))
        }
        for record in journal where !record.audited && !record.steps.isEmpty && record.entry.outcome.isFinished {
            problems.append(.auditPending(applyID: record.entry.id))
        }
        return problems
    }
}
