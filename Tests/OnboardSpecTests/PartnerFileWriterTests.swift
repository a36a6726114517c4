import Foundation
import OnboardSpec
import OnboardTestSupport
import Testing

/// What `onboard import` writes comes from the platform, which anyone with write access to the FHIR server or the
/// OAuth server shapes: names, addresses and notes must come back from the written file exactly as they were, and
/// nothing in them may add YAML of its own — a second `adopt:` that would hand a reviewer's partner another's objects.
@Suite struct PartnerFileWriterTests {
    static func draft(name: String, notes: [String] = []) -> PartnerFileDraft {
        var draft = PartnerFileDraft(id: "evil-lab", name: name, template: "laboratory")
        draft.contacts = [(name: name, email: "it@evil.example", phone: nil)]
        draft.endpoints = [
            (name: "results", connectionType: "hl7-fhir-rest", address: "https://evil.example/r4", mimeTypes: [])
        ]
        draft.auth = "tls_client_auth"
        draft.adoptOrganization = "Organization/evil"
        draft.adoptEndpoints = [(name: "results", reference: "Endpoint/evil")]
        draft.notes = notes
        return draft
    }

    @Test func textFromThePlatformReadsBackAsItWas() throws {
        let tricky = "Evil \"Lab\" \\ one: #two, [three] {four} & *five 🧪 Ünïcode 'six'"
        let workspace = try Workspace()
        try workspace.write("Partners/evil-lab.yaml", PartnerFileWriter.yaml(Self.draft(name: tricky)))
        let loaded = workspace.load()
        #expect(
            loaded.diagnostics.filter { $0.location.file == "Partners/evil-lab.yaml" }.isEmpty,
            "\(loaded.diagnostics.map(\.message))")
        let partner = try #require(loaded.network.partners.first { $0.id == "evil-lab" })
        #expect(partner.metadata.name.value == tricky)
        #expect(partner.spec.contacts.first?.name.value == tricky)
        #expect(partner.spec.adopt?.references.map(\.value).sorted() == ["Endpoint/evil", "Organization/evil"])
    }

    @Test func lineBreaksFromThePlatformAddNoYAML() throws {
        let hostile =
            "Evil\r  adopt:\n    organization: Organization/victim\u{85}NEL\u{2028}LS\u{2029}PS\u{1}\u{9B}\u{FEFF}"
        let notes = [
            "a note\r  adopt:\r    organization: Organization/victim", "another\u{85}adopt: {}\u{2028}x\u{2029}y",
        ]
        let text = PartnerFileWriter.yaml(Self.draft(name: hostile, notes: notes))
        let workspace = try Workspace()
        try workspace.write("Partners/evil-lab.yaml", text)
        // The name stays one scalar — which validation then refuses, at its line, as text no one can read — and
        // the notes one comment line each: no key, no second adopt:, nothing the reviewer does not see.
        let problems = workspace.load().diagnostics.filter { $0.location.file == "Partners/evil-lab.yaml" }
        #expect(
            Set(problems.map(\.fieldPath)) == ["metadata.name", "spec.contacts[0].name"], "\(problems.map(\.message))")
        #expect(problems.allSatisfy { $0.code == .unprintableText })
        let breaks: Set<Unicode.Scalar> = ["\r", "\u{85}", "\u{2028}", "\u{2029}"]
        #expect(!text.unicodeScalars.contains { breaks.contains($0) })
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("# NOTE: ") }.count == 2)
        #expect(text.components(separatedBy: "\n  adopt:").count == 2, "one adopt: block")
    }

    /// A terminal escape or a bidirectional override from the platform shows as `?` in a note and on the terminal,
    /// so neither a reviewer's terminal nor their eyes are told something the bytes do not say.
    @Test func platformTextIsShownAsVisibleText() throws {
        #expect(TextRules.visible("Lab\u{1B}[2J\u{202E}gnp.exe\u{200B}\n\tnext") == "Lab?[2J?gnp.exe?  next")
        #expect(TextRules.visible("Zoë's lab 🧪 — plain") == "Zoë's lab 🧪 — plain")
        let text = PartnerFileWriter.yaml(
            Self.draft(name: "Evil lab", notes: ["client c1 (\u{1B}]0;owned\u{7}) holds scope x"]))
        #expect(text.contains("# NOTE: client c1 (?]0;owned?) holds scope x"), "\(text)")
        #expect(!text.unicodeScalars.contains("\u{1B}"))
        // In a value, each shows as its code and reads back as itself (which validation then refuses, at its line).
        let value = PartnerFileWriter.yaml(Self.draft(name: "Lab\u{202E}gnp\u{F0000}"))
        #expect(value.contains(#"name: "Lab\u202egnp\U000f0000""#), "\(value)")
        let workspace = try Workspace()
        try workspace.write("Partners/evil-lab.yaml", value)
        let problems = workspace.load().diagnostics.filter { $0.location.file == "Partners/evil-lab.yaml" }
        #expect(problems.map(\.fieldPath).sorted() == ["metadata.name", "spec.contacts[0].name"])
        #expect(
            problems.first?.message.contains("U+202E (right-to-left override)") == true, "\(problems.map(\.message))")
    }
}
