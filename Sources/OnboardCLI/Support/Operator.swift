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

    /// The person or pipeline acting, most explicit first: `ONBOARD_ACTOR`, the CI identity (GitHub Actions,
    /// GitLab CI), git's configured e-mail, then the login name. Recorded in the lock and the journal.
    static func actor(_ environment: [String: String], gitEmail: String?) -> String {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = value("ONBOARD_ACTOR") { return explicit }
        if let github = value("GITHUB_ACTOR") { return "github:\(github)" }
        if let gitlab = value("GITLAB_USER_LOGIN") { return "gitlab:\(gitlab)" }
        if let gitEmail, !gitEmail.isEmpty { return gitEmail }
        return value("USER") ?? value("LOGNAME") ?? "unknown"
    }

    /// `git rev-parse HEAD` in the repository, when it is a git checkout.
    static func gitCommit(at root: URL) async -> String? {
        await gitOutput(["rev-parse", "HEAD"], at: root)
    }

    /// One line of git's output in the repository, nil when git or the repository is absent.
    private static func gitOutput(_ arguments: [String], at root: URL) async -> String? {
        guard let outcome = try? await ChildProcess.run(["git", "-C", root.path] + arguments), outcome.succeeded else {
            return nil
        }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
