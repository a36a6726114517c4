import OnboardSpec
import Testing

@Suite struct TemplateMergeTests {
    func parse(_ text: String, file: String) throws -> SpecNode {
        let sink = DiagnosticSink(sources: SourceCatalog())
        return try #require(YAMLDocumentParser.parse(text, file: file, sink: sink))
    }

    @Test func partnerWinsMappingsMergeListsReplace() throws {
        let defaults = try parse(
            "access: {auth: private_key_jwt, scopes: [a, b]}\ncertificate: {validityDays: 365, renewBeforeDays: 30}\n",
            file: "T.yaml"
        )
        let partner = try parse("access:\n  scopes: [c]\ncertificate:\n  validityDays: 90\n", file: "P.yaml")
        let merged = partner.merged(over: defaults)
        #expect(merged.value(at: ["access", "auth"])?.stringValue == "private_key_jwt")
        #expect(merged.value(at: ["access", "auth"])?.location.file == "T.yaml")
        guard case .sequence(let scopes, _)? = merged.value(at: ["access", "scopes"]) else {
            Issue.record("scopes is not a list")
            return
        }
        #expect(scopes.map(\.stringValue) == ["c"])
        guard case .scalar(let validity)? = merged.value(at: ["certificate", "validityDays"]) else {
            Issue.record("validityDays missing")
            return
        }
        #expect(validity.text == "90")
        #expect(validity.location == SourceLocation(file: "P.yaml", line: 4, column: 17))
        #expect(merged.value(at: ["certificate", "renewBeforeDays"])?.location.file == "T.yaml")
    }

    @Test func locationsAreOneBased() throws {
        let node = try parse("a:\n  b: x\n", file: "F.yaml")
        #expect(node.value(at: ["a", "b"])?.location == SourceLocation(file: "F.yaml", line: 2, column: 6))
    }
}
