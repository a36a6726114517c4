import Foundation
import OnboardCore
import OnboardState
import OnboardTestSupport
import Testing

/// Saved plans that went stale, the state lock, and the CI output formats.
@Suite struct PlanFileAndLockTests {
    @Test func savedPlanAppliesWhenFreshAndIsRefusedWhenStateMoved() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.onboard(["plan", "--out", "fresh.plan"]).status == 0)
        let fresh = try bed.onboard(["apply", "fresh.plan"])
        #expect(fresh.status == 0, "a fresh saved plan applies without a prompt: \(fresh.output)")

        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "validityDays: 365", with: "validityDays: 300")
        }
        #expect(try bed.onboard(["plan", "--out", "stale.plan"]).status == 0)
        try bed.edit("Partners/harbor-imaging.yaml") {
            $0.replacingOccurrences(of: "name: Harbor Imaging Center", with: "name: Harbor Imaging")
        }
        #expect(try bed.applyAll().status == 0, "another apply moves the state serial")
        let refused = try bed.onboard(["apply", "stale.plan"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("the saved plan is stale: it was made at state serial"))
    }

    @Test func savedPlanIsRefusedWhenFilesChanged() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "validityDays: 365", with: "validityDays: 300")
        }
        #expect(try bed.onboard(["plan", "--out", "p.plan"]).status == 0)
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "validityDays: 300", with: "validityDays: 200")
        }
        let refused = try bed.onboard(["apply", "p.plan"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("the saved plan is stale: the partner files"))
        let plan = try bed.json("p.plan")
        #expect(plan["formatVersion"] as? Int == 2)
        #expect(plan["lineage"] is String && plan["serial"] is Int && plan["inputsDigest"] is String)

        try bed.edit("p.plan") { $0.replacingOccurrences(of: "\"formatVersion\" : 2", with: "\"formatVersion\" : 1") }
        let old = try bed.onboard(["apply", "p.plan"])
        #expect(old.status == 1)
        #expect(
            old.output.contains(
                "is a plan of format version 1; this onboard reads 2: run plan again [unsupported-plan]"),
            "\(old.output)")
        let json = try bed.onboard([
            "plan", "--format", "json", "--root", bed.root.appendingPathComponent("nowhere").path,
        ])
        #expect(json.status == 1)
        #expect(json.output.contains("\"code\": \"invalid-files\""), "\(json.output)")
    }

    @Test func refreshWithASavedPlanIsAnError() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.onboard(["plan", "--out", "p.plan"]).status == 0)
        let refused = try bed.onboard(["apply", "p.plan", "--refresh", "false"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("--refresh does not apply to a saved plan"), "\(refused.output)")
        #expect(!bed.exists("out/platform/clients/northside-lab.json"), "nothing was applied")
    }

    /// The journal names who applied: `ONBOARD_ACTOR` first, then the CI identity, then git, then the login.
    @Test(arguments: [
        (["ONBOARD_ACTOR": "jane.doe@st-marys.example", "GITHUB_ACTOR": "octocat"], "jane.doe@st-marys.example@"),
        (
            ["ONBOARD_ACTOR": "", "GITHUB_ACTOR": "octocat", "GITHUB_SERVER_URL": "", "GITHUB_RUN_ID": ""],
            "github:octocat@"
        ),
        (
            [
                "ONBOARD_ACTOR": "", "GITHUB_ACTOR": "octocat", "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_REPOSITORY": "st-marys/partners", "GITHUB_RUN_ID": "4242",
            ],
            "github:octocat (https://github.com/st-marys/partners/actions/runs/4242)@"
        ),
        (
            [
                "ONBOARD_ACTOR": "", "GITHUB_ACTOR": "", "GITLAB_USER_LOGIN": "ci-bot",
                "CI_JOB_URL": "https://gitlab.example/j/7",
            ], "gitlab:ci-bot (https://gitlab.example/j/7)@"
        ),
        (["ONBOARD_ACTOR": "", "GITHUB_ACTOR": "", "GITLAB_USER_LOGIN": "ci-bot", "CI_JOB_URL": ""], "gitlab:ci-bot@"),
    ])
    func journalRecordsTheActor(_ case: ([String: String], String)) async throws {
        let bed = try ReconcileWorkspace()
        let run = try await OnboardBinary.run(
            ["apply", "--auto-approve"], in: bed.root,
            environment: ReconcileWorkspace.environment.merging(`case`.0) { $1 }
        )
        #expect(run.status == 0, "\(run.output)")
        let store = try SQLiteStateStore(path: bed.root.appendingPathComponent(".onboard/state.sqlite").path)
        let actor = try await store.snapshot().lastApply?.actor ?? ""
        #expect(actor.hasPrefix(`case`.1), "\(actor)")
    }

    @Test func secondApplyFailsAtOnceNamingTheHolder() async throws {
        let bed = try ReconcileWorkspace()
        let store = try SQLiteStateStore(path: bed.root.appendingPathComponent(".onboard/state.sqlite").path)
        let holder = LockHolder(user: "alice", host: "ci-runner-7", processID: 4242, operation: "apply", since: Date())
        let lock = try store.lock(holder)
        let started = Date()
        let run = try bed.applyAll()
        await lock.release()
        #expect(run.status == 1)
        #expect(run.output.contains("the state is locked by alice@ci-runner-7 (pid 4242, apply since"), "\(run.output)")
        #expect(Date().timeIntervalSince(started) < 10, "fails fast rather than waiting")
        #expect(!bed.exists("out/platform/clients/northside-lab.json"), "nothing was applied")
    }

    @Test func jsonPlanMatchesTheDocumentedSchema() throws {
        let bed = try ReconcileWorkspace()
        let run = try bed.onboard(["plan", "--json"])
        #expect(run.status == 0)
        let directory = try TemporaryDirectory()
        try directory.write("plan.json", run.output)
        let check = try ExternalTool.run(
            SchemaChecker.python,
            [
                "-c",
                """
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
                print("schema ok")
                """, Repository.schemas.appendingPathComponent("plan-output.schema.json").path,
                directory.path("plan.json"),
            ])
        #expect(check.output.contains("schema ok"), "\(check.output)")
        let plan = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect((plan?["summary"] as? [String: Int])?["create"] == 37)
    }

    @Test func markdownFitsAPullRequestComment() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/DiagnosticReport.cu\n", with: "")
        }
        let run = try bed.onboard(["plan", "--format", "markdown"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("### onboard plan — `st-marys`"))
        #expect(run.output.contains("| ✏️ | `partner/northside-lab/client` | update | changed fields |"))
        #expect(run.output.contains("<details><summary><code>partner/northside-lab/client</code>"))
        #expect(run.output.utf8.count < 65_536)
        #expect(!run.output.contains("\u{1B}["))
    }

    @Test func noSecretReachesStatePlanOrOutput() throws {
        let bed = try ReconcileWorkspace()
        let apply = try bed.applyAll()
        #expect(try bed.onboard(["plan", "--out", "after.plan"]).status == 0)
        let passphrase = try bed.read("out/kits/okafor-cardiology/client.p12.passphrase")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let state = try Data(contentsOf: bed.root.appendingPathComponent(".onboard/state.sqlite"))
        let texts = [
            ("apply output", apply.output), ("plan file", try bed.read("after.plan")),
            ("state", String(decoding: state, as: UTF8.self)), ("show", try bed.onboard(["show"]).output),
        ]
        for (name, text) in texts {
            #expect(!text.contains("PRIVATE KEY"), "\(name)")
            #expect(!text.contains(passphrase), "\(name) holds the PKCS#12 passphrase")
            #expect(
                !text.contains(ReconcileWorkspace.environment["ONBOARD_CA_PASSPHRASE"]!),
                "\(name) holds the CA passphrase")
        }
    }
}
