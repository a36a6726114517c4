import Foundation
import OnboardTestSupport
import Testing

/// A pull-request reviewer sees exactly what a change does: removing one scope shows that scope leaving the client,
/// the CapabilityStatement interactions that go, and the gateway lines that go — in human and markdown output.
@Suite struct PlanDiffTests {
    @Test func removingAScopeShowsExactlyWhatGoes() throws {
        let bed = try ReconcileWorkspace()
        #expect(try bed.applyAll().status == 0)
        try bed.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "      - system/Observation.cu\n", with: "")
        }
        let removedGatewayLines = [
            #"-    "northside-lab Observation create" 1;"#,
            #"-    "northside-lab Observation update" 1;"#,
            #"-    northside-lab "system/ServiceRequest.rs system/Observation.cu system/DiagnosticReport.cu system/Task.rus system/Patient.rs";"#,
            #"+    northside-lab "system/ServiceRequest.rs system/DiagnosticReport.cu system/Task.rus system/Patient.rs";"#,
        ]
        let removedResource = #"rest[0].resource[type=Observation]"#
        let removedInteractions =
            #"{"interaction":[{"code":"create"},{"code":"update"}],"type":"Observation"}"#

        let human = try bed.plan()
        #expect(human.status == 2)
        #expect(human.output.contains("\(removedResource): \(removedInteractions) → (none)"), "\(human.output)")
        for line in removedGatewayLines { #expect(human.output.contains("        " + line), "\(human.output)") }
        let changedLines = human.output.split(separator: "\n").filter {
            $0.hasPrefix("        -") || $0.hasPrefix("        +")
        }
        #expect(
            changedLines.count == 4,
            "the two Observation entries and the scope list the token check reads: \(changedLines)")
        #expect(human.output.contains("system/Observation.cu system/DiagnosticReport.cu"), "the old scope list")

        let markdown = try bed.plan(["--format", "markdown"])
        #expect(
            markdown.output.contains("- `\(removedResource)`: `\(removedInteractions)` → `(none)`"),
            "\(markdown.output)")
        #expect(markdown.output.contains("```diff"))
        for line in removedGatewayLines { #expect(markdown.output.contains("  " + line), "\(markdown.output)") }
    }
}
