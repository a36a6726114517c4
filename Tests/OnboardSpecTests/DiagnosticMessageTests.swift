import Foundation
import OnboardSpec
import OnboardTestSupport
import Testing

/// The three messages people meet most, checked field by field rather than through golden text.
@Suite struct DiagnosticMessageTests {
    func load(_ path: String, _ text: String) throws -> [Diagnostic] {
        let workspace = try Workspace()
        try workspace.write(path, text)
        return workspace.load().diagnostics
    }

    static let partner = """
        apiVersion: onboard/v1
        kind: Partner
        metadata:
          id: message-lab
          name: Message lab
        spec:
          template: laboratory
          contacts: [{name: Desk, email: desk@message-lab.example}]
          access:
            scopes: [system/ServiceRequest.rs, system/Patient.rs, system/Patient.cruds]
            jwks: northside-lab.jwks.json

        """

    @Test func aTemplateCannotAdoptForEveryPartner() throws {
        let template = try String(
            contentsOf: Repository.root.appendingPathComponent("Templates/laboratory.yaml"), encoding: .utf8)
        let diagnostics = try load(
            "Templates/laboratory.yaml",
            template.replacingOccurrences(
                of: "  defaults:", with: "  defaults:\n    adopt: {organization: Organization/shared}"
            ))
        let problem = try #require(diagnostics.first { $0.fieldPath == "spec.defaults.adopt" })
        #expect(problem.location.file == "Templates/laboratory.yaml")
        #expect(problem.message.contains("belongs in that partner's file"))
    }

    @Test func scopeOutsideCeilingNamesTheCeiling() throws {
        let diagnostics = try load("Partners/message-lab.yaml", Self.partner)
        let diagnostic = try #require(diagnostics.first { $0.code == .scopeOutsideCeiling })
        #expect(diagnostics.count == 1)
        #expect(diagnostic.location == SourceLocation(file: "Partners/message-lab.yaml", line: 10, column: 59))
        #expect(diagnostic.fieldPath == "spec.access.scopes[2]")
        #expect(diagnostic.message.contains("system/Patient.cruds is outside the ceiling of template \"laboratory\""))
        #expect(diagnostic.message.contains("Templates/laboratory.yaml:9:3"))
        #expect(diagnostic.message.contains("at most system/Patient.rs"))
    }

    @Test func unknownKeySuggestsTheClosestKnownKey() throws {
        let text = Self.partner.replacingOccurrences(of: "  contacts:", with: "  contacs:")
        let diagnostics = try load("Partners/message-lab.yaml", text)
        let unknown = try #require(diagnostics.first { $0.code == .unknownKey })
        #expect(unknown.location == SourceLocation(file: "Partners/message-lab.yaml", line: 8, column: 3))
        #expect(unknown.fieldPath == "spec.contacs")
        #expect(unknown.message == "unknown key \"contacs\" (did you mean \"contacts\"?)")
        #expect(diagnostics.contains { $0.code == .missingField && $0.fieldPath == "spec.contacts" })
    }

    @Test func privateKeyBlockSaysWhereTheKeyBelongs() throws {
        // A truncated, fake key block (not a key): kept as a fixture so no key-shaped text sits in source files.
        let block = try String(
            contentsOf: Repository.fixtures.appendingPathComponent("secrets/fake-private-key-block.pem"),
            encoding: .utf8
        )
        let indented = block.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let text = Self.partner + "  certificate:\n    csr: |\n" + indented + "\n"
        let diagnostics = try load("Partners/message-lab.yaml", text)
        let secret = try #require(diagnostics.first { $0.code == .secretInFile })
        #expect(secret.location == SourceLocation(file: "Partners/message-lab.yaml", line: 14, column: 7))
        #expect(secret.message.contains("a private key must never be in git"))
        #expect(secret.message.contains("sends only a CSR"))
        #expect(secret.message.contains("omit certificate.csr to have onboard generate a key into the partner kit"))
        #expect(
            diagnostics.allSatisfy {
                !$0.message.contains("MIGHAgEAMBMGByqGSM49") && $0.snippet?.contains("MIGHAgEAMBMGByqGSM49") != true
            })
    }
}
