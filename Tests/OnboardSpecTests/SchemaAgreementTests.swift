import Foundation
import OnboardSpec
import OnboardTestSupport
import Testing

/// The JSON Schemas under docs/schema/ (what editors check as people type) and the parser agree: on the example
/// network both accept everything; on each broken case the schema rejects exactly the files the case marks as a
/// schema matter, and accepts the rest (problems only the parser can see: files, templates, ids across files).
@Suite struct SchemaAgreementTests {
    @Test func schemaAcceptsTheExampleNetwork() throws {
        let files =
            ["onboard.yaml", "examples/live/onboard.yaml"]
            + LocalSourceTree(root: Repository.root).files(in: "Templates", recursive: false)
            + LocalSourceTree(root: Repository.root).files(in: "Partners", recursive: true)
        let yaml = files.filter { $0.hasSuffix(".yaml") }
        let verdicts = try SchemaChecker.check(yaml, in: Repository.root)
        #expect(verdicts.count == yaml.count)
        for (file, verdict) in verdicts {
            #expect(verdict.valid, "\(file): \(verdict.errors)")
        }
    }

    @Test(arguments: BrokenFixture.all())
    func schemaAndParserAgree(_ fixture: BrokenFixture) throws {
        let workspace = try Workspace()
        try workspace.apply(fixture)
        let yaml = try fixture.files().map(\.0).filter { $0.hasSuffix(".yaml") }
        let verdicts = try SchemaChecker.check(yaml, in: workspace.root)
        let rejected = Set(verdicts.values.filter { !$0.valid }.map(\.file))
        #expect(rejected == Set(fixture.manifest.schemaRejects), "\(verdicts.values.map { ($0.file, $0.errors) })")
        // Whatever the schema rejects, the parser reports too, in the same file.
        let parserFiles = Set(workspace.load().diagnostics.filter { $0.severity == .error }.map(\.location.file))
        #expect(rejected.isSubset(of: parserFiles))
    }
}
