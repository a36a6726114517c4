import Foundation
import OnboardTestSupport
import Testing

/// `onboard import` where there is nothing live to read: it says so and writes nothing.
@Suite struct ImportCommandTests {
    @Test func importNeedsItsSourceAndALiveDirectory() throws {
        let workspace = try ReconcileWorkspace()
        let before = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("Partners").path)
        var run = try workspace.onboard(["import"])
        #expect(run.status == 1)
        #expect(run.output.contains("--from-platform") && run.output.contains("[usage]"), "\(run.output)")
        run = try workspace.onboard(["import", "--from-platform"])
        #expect(run.status == 1)
        #expect(run.output.contains("import reads a live FHIR server (targets.directory)"), "\(run.output)")
        run = try workspace.onboard(["import", "--from-platform", "--template", "nosuch"])
        #expect(run.output.contains("no template nosuch"), "\(run.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("Partners").path) == before)
    }
}
