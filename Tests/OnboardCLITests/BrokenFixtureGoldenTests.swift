import Foundation
import OnboardCLI
import OnboardSpec
import OnboardTestSupport
import Testing

/// The broken-file corpus: every case's diagnostics, rendered exactly as `onboard validate` prints them, must match
/// its golden text — file, line, column, field path, message, source line and caret.
@Suite struct BrokenFixtureGoldenTests {
    static let renderer = DiagnosticRenderer(style: TerminalStyle(colour: false))

    @Test func corpusHasAtLeastThirtyCases() {
        #expect(BrokenFixture.all().count >= 30)
    }

    @Test(arguments: BrokenFixture.all())
    func diagnosticsMatchGoldenText(_ fixture: BrokenFixture) throws {
        let workspace = try Workspace()
        try workspace.apply(fixture)
        let result = workspace.load()
        let actual = Self.renderer.render(result.diagnostics)
        #expect(result.errorCount > 0, "a broken case must produce at least one error")
        #expect(actual == (try fixture.expected(updatingWith: actual)))
    }

    /// Every combinable case laid over the example at once: one run reports exactly the union of what each case
    /// reports alone — nothing stops at the first bad file.
    @Test func oneRunReportsEveryBrokenFile() throws {
        let fixtures = BrokenFixture.all().filter(\.manifest.combinable)
        var expected: Set<String> = []
        for fixture in fixtures {
            let alone = try Workspace()
            try alone.apply(fixture)
            expected.formUnion(alone.load().diagnostics.map(Self.renderer.render))
        }
        let combined = try Workspace()
        for fixture in fixtures { try combined.apply(fixture) }
        let result = combined.load()
        let actual = Set(result.diagnostics.map(Self.renderer.render))
        #expect(actual == expected)
        #expect(Set(result.diagnostics.map(\.location.file)).count >= 30)
    }
}
