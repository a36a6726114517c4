import Foundation
import OnboardCore
import OnboardTestSupport
import Testing

@testable import OnboardCLI

/// `onboard history` and `onboard check` on the embedded platform, with time injected where it matters (a renewal,
/// a CRL about to lapse): the timeline lists who did what from which commit, and check names each problem.
@Suite struct TraceabilityTests {
    static let holder = LockHolder(user: "ci", host: "runner-7", processID: 1, operation: "apply", since: Date())

    func context(_ bed: ReconcileWorkspace, at date: Date? = nil) throws -> RepositoryContext {
        var context = try RepositoryContext.load(
            try RepositoryOptions.parse(["--root", bed.root.path]), environment: ReconcileWorkspace.environment
        )
        if let date { context.clock = FixedClock(date) }
        return context
    }

    func apply(_ context: RepositoryContext, commit: String) async throws {
        _ = try await context.reconciler().apply(
            saved: nil, refresh: true, allowRemoval: false, holder: Self.holder, gitCommit: commit, observer: { _ in }
        )
    }

    static func object(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    func schemaValid(_ output: String, _ schema: String) throws -> Bool {
        let directory = try TemporaryDirectory()
        try directory.write("output.json", output)
        let check = try ExternalTool.run(
            SchemaChecker.python,
            [
                "-c",
                """
                import json, sys, jsonschema
                jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
                print("schema ok")
                """, Repository.schemas.appendingPathComponent(schema).path, directory.path("output.json"),
            ])
        return check.output.contains("schema ok")
    }

    @Test func historyListsOnboardingAScopeChangeAndARenewalInOrder() async throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.onboard(["ca", "init"]).status == 0)
        let start = Date()
        try await apply(try context(bed, at: start), commit: "1111111111111111111111111111111111111111")
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
        }
        try await apply(
            try context(bed, at: start.addingTimeInterval(86_400)), commit: "2222222222222222222222222222222222222222")
        let record = try #require(
            try await context(bed).certificateAuthority.inventory().first { $0.partnerID == "northside-lab" })
        try await apply(
            try context(bed, at: record.notAfter.addingTimeInterval(-20 * 86_400)),
            commit: "3333333333333333333333333333333333333333")

        let run = try bed.onboard(["history", "--partner", "northside-lab", "--format", "json"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try schemaValid(run.output, "history-output.schema.json"))
        let entries =
            (try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])?["entries"]
            as? [[String: Any]] ?? []
        #expect(entries.allSatisfy { $0["partner"] as? String == "northside-lab" })
        let events = entries.flatMap { entry in ((entry["events"] as? [String]) ?? []).map { (event: $0, entry: entry) }
        }
        #expect(
            events.map(\.event) == ["onboarded", "certificate-issued", "scopes-changed", "certificate-renewed"],
            "\(events.map(\.event))")
        for (event, commit) in zip(["onboarded", "scopes-changed", "certificate-renewed"], ["1111", "2222", "3333"]) {
            let entry = try #require(events.first { $0.event == event }?.entry)
            #expect(entry["actor"] as? String == "ci@runner-7", "\(event)")
            #expect((entry["git_commit"] as? String)?.hasPrefix(commit) == true, "\(event): \(entry)")
        }
        let renewal = try #require(events.first { $0.event == "certificate-renewed" }?.entry)
        #expect((renewal["reasons"] as? [[String: Any]])?.first?["code"] as? String == "renewal-due")
        let human = try bed.onboard(["history", "--partner", "northside-lab"])
        #expect(human.output.contains("apply #3 by ci@runner-7 (commit 333333333333)"), "\(human.output)")
        let since = try bed.onboard([
            "history", "--partner", "northside-lab", "--since", "2999-01-01", "--format", "json",
        ])
        #expect((Self.object(since.output)["entries"] as? [Any])?.isEmpty == true, "\(since.output)")
    }

    @Test func checkIsQuietWhenConvergedAndNamesEachProblem() async throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        var run = try bed.onboard(["check"])
        #expect(run.status == 0, "\(run.output)")
        run = try bed.onboard(["check", "--format", "json"])
        #expect(run.status == 0 && Self.object(run.output)["ok"] as? Bool == true, "\(run.output)")
        #expect(try schemaValid(run.output, "check-output.schema.json"))

        // Drift: someone edits the partner's Organization on the (embedded) platform.
        try bed.edit("out/platform/fhir/Organization/northside-lab.json") {
            $0.replacingOccurrences(of: "Northside Diagnostic Laboratory", with: "Northside (edited by hand)")
        }
        run = try bed.onboard(["check"])
        #expect(run.status == 2)
        #expect(
            run.output.contains(
                "drift: partner/northside-lab/organization: update planned (drift: changed on the platform)"),
            "\(run.output)")
        run = try bed.onboard(["check", "--format", "json"])
        #expect(try schemaValid(run.output, "check-output.schema.json"))
        #expect(try bed.applyAll().status == 0)

        // A renewal due and a CRL two days from lapsing, with the clock moved on.
        let context = try context(bed)
        let record = try #require(
            try await context.certificateAuthority.inventory().first { $0.partnerID == "northside-lab" })
        let due = try self.context(bed, at: record.notAfter.addingTimeInterval(-10 * 86_400))
        let plan = try await due.reconciler().plan(refresh: true, allowRemoval: false).plan
        let problems = PlatformCheck.problems(
            plan: plan, journal: try await due.stateStore().journalRecords(), partners: [], now: Date())
        #expect(
            problems.contains { $0.code == .renewalDue && $0.subject == "partner/northside-lab/certificate" },
            "\(problems)")
        let crlNextUpdate = try #require(try await context.certificateAuthority.describe().crlNextUpdate)
        let lapsing = try self.context(bed, at: crlNextUpdate.addingTimeInterval(-86_400))
        let crlPlan = try await lapsing.reconciler().plan(refresh: true, allowRemoval: false).plan
        let crlProblems = PlatformCheck.problems(plan: crlPlan, journal: [], partners: [], now: Date())
        #expect(
            crlProblems.map(CheckReport.message).contains("ca/crl: update planned (CRL next update in 1 day)"),
            "\(crlProblems)")
        #expect(crlProblems.first { $0.subject == "ca/crl" }?.code == .crlExpiring)
    }

    @Test func checkNamesAnInterruptedApply() throws {
        let bed = try ReconcileWorkspace()
        let killed = try OnboardBinary.kill(
            ["apply", "--auto-approve"], in: bed.root, environment: ReconcileWorkspace.environment
        ) {
            $0.contains("[6/37] partner/") && $0.contains(": done")
        }
        #expect(killed.killed)
        let run = try bed.onboard(["check"])
        #expect(run.status == 2)
        #expect(run.output.contains("unfinished-apply: apply #1 by "), "\(run.output)")
        #expect(run.output.contains("did not finish (running)"), "\(run.output)")
        // The next apply writes the interrupted apply's records first, its unfinished step marked as such.
        #expect(try bed.applyAll().status == 0)
        #expect(try bed.onboard(["check"]).status == 0)
        let events = try FileManager.default.contentsOfDirectory(
            atPath: bed.root.appendingPathComponent("out/platform/fhir/AuditEvent").path)
        let interrupted = try events.map { try bed.read("out/platform/fhir/AuditEvent/\($0)") }.filter {
            $0.contains("\"outcome\" : \"4\"")
        }
        #expect(interrupted.count <= 1, "at most the step under way when it was killed")
    }
}
