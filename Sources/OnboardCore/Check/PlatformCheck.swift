/// What `onboard check` reports, from a refreshed plan and the journal: nothing when the platform matches the files,
/// no certificate is due for renewal, the CRL has more than two days left and every apply finished with its audit
/// records written. Read-only: it takes no lock and writes nothing, so cron and monitoring can run it at any time.
public enum PlatformCheck {
    /// One problem per planned change (by its first reason) and per unfinished or unaudited apply. `describe` words
    /// a change reason for people (the CLI's wording).
    public static func problems(
        plan: Plan, journal: [JournalRecord], describe: (ChangeReason) -> String
    ) -> [CheckProblem] {
        var problems: [CheckProblem] = plan.changes.map { change in
            let reason = change.reasons.first ?? .changedFields
            let code: CheckProblem.Code = switch reason {
            case .drift: .drift
            case .renewalDue: .renewalDue
            case .crlExpiring: .crlExpiring
            default: .pendingChange
            }
            return CheckProblem(
                code: code, subject: change.address.description,
                message: "\(change.address): \(change.action.rawValue) planned (\(change.reasons.map(describe).joined(separator: "; ")))"
            )
        }
        if let last = journal.last, last.entry.outcome != .succeeded {
            let unfinished = last.steps.filter { $0.status != .done }.count
            problems.append(CheckProblem(
                code: .unfinishedApply, subject: "apply #\(last.entry.id)",
                message: "apply #\(last.entry.id) by \(last.entry.actor) did not finish (\(last.entry.outcome.description.prefix(200))); "
                    + "\(last.steps.count - unfinished) of its changes are recorded; run apply to finish"
            ))
        }
        for record in journal where !record.audited && !record.steps.isEmpty && record.entry.outcome.isFinished {
            problems.append(CheckProblem(
                code: .auditPending, subject: "apply #\(record.entry.id)",
                message: "the audit records of apply #\(record.entry.id) are not on the FHIR server yet; the next apply writes them"
            ))
        }
        return problems
    }
}
