import Foundation
import OnboardCore
import OnboardSystem

/// Who is running onboard, for the state lock and the apply journal.
enum Operator {
    static func holder(_ operation: String, context: RepositoryContext) async -> LockHolder {
        let email = await gitOutput(["config", "user.email"], at: context.root)
        return LockHolder(
            user: actor(context.environment, gitEmail: email), host: context.host,
            processID: ProcessInfo.processInfo.processIdentifier, operation: operation, since: context.clock.now()
        )
    }

    /// The person or pipeline acting, most explicit first: `ONBOARD_ACTOR`, the CI identity with its job URL
    /// (GitHub Actions: `github:<actor> (<server>/<repository>/actions/runs/<id>)`; GitLab CI: `gitlab:<login>
    /// (<CI_JOB_URL>)`), git's configured e-mail, then the login name. Recorded in the lock and the journal.
    static func actor(_ environment: [String: String], gitEmail: String?) -> String {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = value("ONBOARD_ACTOR") { return explicit }
        if let github = value("GITHUB_ACTOR") {
            let run = [value("GITHUB_SERVER_URL"), value("GITHUB_REPOSITORY"), value("GITHUB_RUN_ID")]
            guard let server = run[0], let repository = run[1], let id = run[2] else { return "github:\(github)" }
            return "github:\(github) (\(server)/\(repository)/actions/runs/\(id))"
        }
        if let gitlab = value("GITLAB_USER_LOGIN") {
            return "gitlab:\(gitlab)" + (value("CI_JOB_URL").map { " (\($0))" } ?? "")
        }
        if let gitEmail, !gitEmail.isEmpty { return gitEmail }
        return value("USER") ?? value("LOGNAME") ?? "unknown"
    }

    /// The commit applied: `git rev-parse HEAD` in the repository, else the CI's (`GITHUB_SHA`, `CI_COMMIT_SHA`) —
    /// a CI checkout without history still names its commit.
    static func gitCommit(_ context: RepositoryContext) async -> String? {
        if let commit = await gitOutput(["rev-parse", "HEAD"], at: context.root) { return commit }
        return [context.environment["GITHUB_SHA"], context.environment["CI_COMMIT_SHA"]].compactMap { $0 }.first {
            !$0.isEmpty
        }
    }

    /// One line of git's output in the repository, nil when git or the repository is absent.
    private static func gitOutput(_ arguments: [String], at root: URL) async -> String? {
        guard let outcome = try? await ChildProcess.run(["git", "-C", root.path] + arguments), outcome.succeeded else {
            return nil
        }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
