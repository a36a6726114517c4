import Foundation
import OnboardCore
import OnboardTestSupport
import Testing

@testable import OnboardCLI

/// Access grants in the files and the plan: `onboard grant add` / `grant end` edit a partner file by line (every
/// other line kept), a grant over the template's ceiling is a located error with nothing written, and a grant whose
/// window has passed is planned as "grant ended" with the clock moved forward (time is injected, not waited for).
@Suite struct GrantCommandTests {
    static let partnerFile = "Partners/okafor-cardiology.yaml"

    /// The example network with a two-day ImagingStudy grant `consult-0042` for okafor-cardiology, applied.
    static func appliedWithGrant() throws -> ReconcileWorkspace {
        let bed = try ReconcileWorkspace()
        #expect(
            try bed.onboard([
                "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/8a1f", "--resources",
                "ImagingStudy", "--days", "2", "--id", "consult-0042",
            ]).status == 0)
        #expect(try bed.applyAll().status == 0)
        return bed
    }

    @Test func grantAddThenPlanShowsExactlyOneGrantAddedAndGrantEndRestoresTheFile() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        let original = try bed.read(Self.partnerFile)
        var run = try bed.onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/8a1f", "--resources",
            "ImagingStudy,DiagnosticReport", "--days", "7", "--basis", "ServiceRequest/sr-77", "--id", "consult-0042",
        ])
        #expect(run.status == 0, "\(run.output)")
        let edited = try bed.read(Self.partnerFile)
        // Every line of the file is still there, in order, comments included; the grant comes after them.
        #expect(edited.hasPrefix(original.hasSuffix("\n") ? original : original + "\n"), "\(edited)")
        #expect(edited.contains("  grants:\n    - id: consult-0042\n      patient: Patient/8a1f\n"), "\(edited)")
        #expect(try bed.onboard(["validate"]).status == 0)

        run = try bed.plan()
        #expect(run.status == 2, "\(run.output)")
        let changes = run.output.split(separator: "\n").filter { $0.hasPrefix("+ ") || $0.hasPrefix("~ ") }
        #expect(
            changes.map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == [
                "~ partner/okafor-cardiology/client update",
                "+ partner/okafor-cardiology/grant/consult-0042 create",
                "~ gateway/config update",
            ], "\(run.output)")
        #expect(run.output.contains("Plan: 1 to create, 2 to update"), "\(run.output)")

        run = try bed.onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", "consult-0042"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try bed.read(Self.partnerFile) == original)
        run = try bed.onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", "consult-0042"])
        #expect(run.status == 1 && run.output.contains("has no grant consult-0042"), "\(run.output)")
    }

    @Test func aGrantOverTheCeilingIsALocatedErrorAndNothingIsWritten() throws {
        let bed = try ReconcileWorkspace()
        let original = try bed.read(Self.partnerFile)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).count
        let run = try bed.onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/8a1f", "--resources",
            "ImagingStudy,Condition", "--days", "30",
        ])
        #expect(run.status == 1)
        // The lines the grant would have had: `- id` is the first after the file's own, `until` the eighth.
        #expect(
            run.output.contains(
                "\(Self.partnerFile):\(lines + 7):14: error: spec.grants[0].until: the window is 30 days; template "
                    + "\"specialist\" allows grants of at most 14 days"), "\(run.output)")
        #expect(run.output.contains("spec.grants[0].resources[1]: Condition is outside the grant ceiling"), "\(run.output)")
        #expect(run.output.contains("nothing was written [invalid-files]"), "\(run.output)")
        #expect(try bed.read(Self.partnerFile) == original)
    }

    @Test func grantsInFlowStyleAreReportedNotRewritten() throws {
        let bed = try ReconcileWorkspace()
        try bed.edit(Self.partnerFile) { $0 + "  grants: []\n" }
        let before = try bed.read(Self.partnerFile)
        let run = try bed.onboard([
            "grant", "add", "--partner", "okafor-cardiology", "--patient", "Patient/1", "--resources", "Observation",
            "--days", "1",
        ])
        #expect(run.status == 1 && run.output.contains("flow style"), "\(run.output)")
        #expect(try bed.read(Self.partnerFile) == before)
    }

    @Test func aGrantWhoseWindowPassedIsPlannedAsEndedWithoutBeingWaitedFor() async throws {
        let bed = try Self.appliedWithGrant()
        var context = try RepositoryContext.load(
            try RepositoryOptions.parse(["--root", bed.root.path]), environment: ReconcileWorkspace.environment)
        context.clock = FixedClock(Date().addingTimeInterval(3 * 86_400))
        let plan = try await context.reconciler().plan(refresh: true, allowRemoval: false).plan
        let ended = ChangeReason.grantEnded(grant: "consult-0042")
        let byAddress = Dictionary(plan.changes.map { ($0.address.description, $0) }, uniquingKeysWith: { one, _ in one })
        let consent = try #require(byAddress["partner/okafor-cardiology/grant/consult-0042"])
        #expect(consent.action == .update && consent.reasons == [ended])
        #expect(consent.fields.map(\.path) == ["status"])
        #expect(byAddress["partner/okafor-cardiology/client"]?.reasons == [ended])
        #expect(byAddress["gateway/config"]?.reasons == [ended])
        let scope = byAddress["partner/okafor-cardiology/client"]?.desired?["scope"]?.stringValue ?? ""
        #expect(!scope.contains("ImagingStudy"), "\(scope)")
        let problems = PlatformCheck.problems(
            plan: plan, journal: [], partners: context.input.partners, now: context.clock.now())
        #expect(problems.contains { $0.code == .grantEndedInFile })
        #expect(
            PlanRenderer(style: TerminalStyle(colour: false)).render(plan).contains("(grant ended (consult-0042))"))
    }

    @Test func suspensionKeepsTheConsentAndOffboardingWithdrawsIt() async throws {
        let bed = try Self.appliedWithGrant()
        let consent = "out/platform/fhir/Consent/okafor-cardiology-consult-0042.json"
        #expect(try bed.json(consent)["status"] as? String == "active")
        try bed.edit(Self.partnerFile) {
            $0.replacingOccurrences(of: "  template: specialist\n", with: "  template: specialist\n  status: suspended\n")
        }
        var run = try bed.plan()
        #expect(!run.output.contains("grant/consult-0042"), "a suspension leaves the Consent: \(run.output)")
        #expect(try bed.applyAll().status == 0)
        #expect(try bed.json(consent)["status"] as? String == "active")
        #expect(try bed.json("out/platform/clients/okafor-cardiology.json")["scope"] as? String == "")
        #expect(!(try bed.read("out/platform/gateway/nginx-partners.conf")).contains("consult-0042"))
        try bed.edit(Self.partnerFile) { $0.replacingOccurrences(of: "status: suspended", with: "status: offboarded") }
        run = try bed.plan()
        #expect(run.output.contains("partner/okafor-cardiology/grant/consult-0042  update  (offboarded)"), "\(run.output)")
        #expect(try bed.applyAll().status == 0)
        #expect(try bed.json(consent)["status"] as? String == "inactive")
        #expect(try bed.plan().status == 0)
    }

    @Test func grantEndTakesAnEntryWithTheCommentsAboveItAndLeavesTheRest() throws {
        let bed = try ReconcileWorkspace()
        let grants = """
              grants:   # access for consults
                # the first one
                - {id: first-one, patient: Patient/1, resources: [ImagingStudy], interactions: rs,
                   from: 2026-12-07T08:30:00Z, until: 2026-12-08T08:30:00Z}
                # the second one
                - id: second-one
                  patient: Patient/2
                  resources: [ImagingStudy]
                  interactions: s
                  from: 2026-12-07T08:30:00Z
                  until: 2026-12-08T08:30:00Z

            # a comment after spec

            """
        let original = try bed.read(Self.partnerFile)
        try bed.edit(Self.partnerFile) { $0 + grants }
        var run = try bed.onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", "first-one"])
        #expect(run.status == 0, "\(run.output)")
        let edited = try bed.read(Self.partnerFile)
        #expect(!edited.contains("first-one") && !edited.contains("# the first one"), "\(edited)")
        #expect(edited.contains("  grants:   # access for consults\n    # the second one\n    - id: second-one\n"))
        #expect(edited.hasSuffix("\n# a comment after spec\n"), "\(edited)")
        run = try bed.onboard(["grant", "end", "--partner", "okafor-cardiology", "--grant", "second-one"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try bed.read(Self.partnerFile) == original + "\n# a comment after spec\n")
    }
}
