import Foundation
import OnboardTestSupport
import Testing

/// What an attacker who can land a file in the partner repository (a pull request, a compromised partner's own
/// declaration) tries, run against the real binary and, for the gateway, a real nginx.
@Suite(.serialized) struct HostileInputTests {
    /// The text a partner controls in its own declaration: its display name and its CSR subject, shaped to look like
    /// another partner's certificate subject.
    static let hostileName = #"Evil Lab,CN=northside-lab+OU=x=y "quoted" \\ back/slash"#

    static func addEvilLab(_ bed: ReconcileWorkspace, gateway: GatewayHarness) throws {
        try gateway.partnerCSR("evil-lab", subject: #"/O=Evil Lab\, CN=northside-lab/CN=evil-lab"#)
        try bed.workspace.write(
            "Partners/evil-lab.yaml",
            """
            apiVersion: onboard/v1
            kind: Partner
            metadata:
              id: evil-lab
              name: '\(hostileName)'
            spec:
              template: laboratory
              contacts:
                - {name: 'CN=northside-lab, O=x', email: it@evil-lab.example}
              access:
                scopes: [system/Patient.rs]
                auth: private_key_jwt
                jwks: northside-lab.jwks.json
              certificate:
                csr: evil-lab.csr.pem
                validityDays: 90
            """)
    }

    @Test func aPartnerCannotActAsAnotherAtTheGateway() throws {
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        try Self.addEvilLab(bed, gateway: gateway)
        let apply = try bed.applyAll()
        #expect(apply.status == 0, "\(apply.output)")
        try gateway.start()

        // evil-lab holds only system/Patient.rs; northside-lab's rights must stay northside-lab's.
        #expect(try gateway.status("POST", "/fhir/Observation", as: "evil-lab") == 403)
        #expect(
            try gateway.status("GET", "/fhir/Task?owner=HealthcareService/northside-lab-chemistry", as: "evil-lab")
                == 403)
        #expect(try gateway.status("POST", "/fhir/DiagnosticReport", as: "evil-lab") == 403)
        #expect(try gateway.status("GET", "/fhir/Patient/p-1", as: "evil-lab") == 200, "\(gateway.errorLog)")
        #expect(try gateway.status("POST", "/fhir/DiagnosticReport", as: "northside-lab") == 200)

        // The certificate's subject is the validated id alone; no partner-written text reaches the gateway config.
        let subject = try ExternalTool.run(
            "openssl",
            [
                "x509", "-in", "out/kits/evil-lab/certificate.pem", "-noout", "-subject", "-nameopt", "RFC2253",
            ], in: bed.root)
        #expect(subject.output.trimmingCharacters(in: .whitespacesAndNewlines) == "subject=CN=evil-lab")
        let config = try bed.read("out/platform/gateway/nginx-partners.conf")
        #expect(!config.contains("Evil") && !config.contains("~(^|,)"), "no partner text and no regex over the subject")
        #expect(config.contains("\"CN=evil-lab\" evil-lab;"))
    }

    /// Every free-text field of a partner file refuses what would let it say one thing on screen and another to a
    /// machine: line breaks (a header or log line of its own), terminal escapes, bidi overrides, zero-width text.
    @Test(arguments: [
        ("line feed", #""Evil\nX-Onboard-Partner: northside-lab""#, "U+000A (line feed)"),
        ("carriage return", #""Evil\rLab""#, "U+000D (carriage return)"),
        ("escape", #""Evil\e[2JLab""#, "U+001B (escape)"),
        ("bidi override", #""Evil\u202ELab""#, "U+202E (right-to-left override)"),
        ("zero-width", #""north\u200Bside""#, "U+200B (zero-width space)"),
        ("paragraph separator", #""Evil\u2029Lab""#, "U+2029 (paragraph separator)"),
    ])
    func unprintableTextIsALocatedError(_ case: (String, String, String)) throws {
        let fields: [(String, String, String, String)] = [
            ("name: Northside Diagnostic Laboratory", "name: VALUE", "5:9", "metadata.name"),
            ("labels: {region: north}", "labels: {region: VALUE}", "6:20", "metadata.labels.region"),
            ("value: \"1234567893\"}", "value: VALUE}", "11:57", "spec.identifiers[0].value"),
            ("{name: Lab IT desk,", "{name: VALUE,", "13:14", "spec.contacts[0].name"),
            ("address: https://fhir.northside-lab.example/r4", "address: VALUE", "17:16", "spec.endpoints[0].address"),
        ]
        for (original, replacement, place, path) in fields {
            let workspace = try Workspace()
            try workspace.edit("Partners/northside-lab.yaml") {
                $0.replacingOccurrences(
                    of: original, with: replacement.replacingOccurrences(of: "VALUE", with: `case`.1))
            }
            let run = try OnboardBinary.run(["validate"], in: workspace.root)
            #expect(run.status == 1, "\(`case`.0) in \(path)")
            #expect(
                run.output.contains("Partners/northside-lab.yaml:\(place): error: \(path): contains \(`case`.2)"),
                "\(`case`.0) in \(path): \(run.output)"
            )
            #expect(
                !run.output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" },
                "no raw control text is echoed")
        }
    }

    /// A committed symbolic link to `/proc/self/environ` would print the environment (CA passphrase, tokens) in
    /// validate and plan output, including the markdown meant for a pull-request comment.
    @Test(arguments: [
        "Partners/northside-lab.jwks.json", "Partners/northside-lab.csr.pem", "Partners/northside-lab.yaml",
    ])
    func symbolicLinksOutOfTheRepositoryAreRefused(_ path: String) throws {
        let bed = try ReconcileWorkspace()
        try bed.workspace.link(path, to: "/proc/self/environ")
        let canary = "canary-\(UUID().uuidString)"
        var environment = ReconcileWorkspace.environment
        environment["ONBOARD_TEST_CANARY"] = canary
        for arguments in [
            ["validate"], ["validate", "--format", "json"], ["plan"], ["plan", "--format", "json"],
            ["plan", "--format", "markdown"],
        ] {
            let run = try OnboardBinary.run(arguments, in: bed.root, environment: environment)
            #expect(run.status == 1, "\(arguments)")
            #expect(
                !run.output.contains(canary) && !run.output.contains("reconcile-test-passphrase"),
                "\(arguments): \(run.output)")
            #expect(run.output.contains("resolves outside the repository"), "\(arguments): \(run.output)")
        }
    }

    @Test func symbolicLinksInsideTheRepositoryAreRead() throws {
        let workspace = try Workspace()
        try workspace.link("Partners/northside-lab.jwks.json", to: "valley-pathology.jwks.json")
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let workspace = try Workspace()
        try workspace.remove("Partners/northside-lab.jwks.json")
        #expect(mkfifo(workspace.root.appendingPathComponent("Partners/northside-lab.jwks.json").path, 0o600) == 0)
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(run.output.contains("is not a regular file"), "\(run.output)")
    }

    @Test func theKitTemplateIsNotReadThroughALinkOutOfTheRepository() throws {
        let bed = try ReconcileWorkspace()
        try bed.workspace.link("Templates/kit/README.md", to: "/proc/self/environ")
        let apply = try bed.applyAll()
        #expect(apply.status == 1)
        #expect(apply.output.contains("Templates/kit/README.md resolves outside the repository"), "\(apply.output)")
        #expect(!bed.exists("out/kits/northside-lab/README.md"))
    }

    /// A diagnostic quotes at most the start of a long line: a file's content is not a channel out of the repository.
    @Test func quotedSourceLinesAreCapped() throws {
        let workspace = try Workspace()
        let long = String(repeating: "A", count: 5000)
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "name: Northside Diagnostic Laboratory", with: "name: \(long)")
        }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains("metadata.name: is 5000 characters long; at most 2048 are accepted"), "\(run.output)")
        #expect(!run.output.contains(String(repeating: "A", count: 200)))
    }

    /// Explicit tags would change a value's type behind its text (`!!null X` read as "X"); each is a located error.
    @Test func explicitYAMLTagsAreLocatedErrors() throws {
        let workspace = try Workspace()
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(of: "name: Northside Diagnostic Laboratory", with: "name: !!null Northside")
                .replacingOccurrences(of: "validityDays: 365", with: "validityDays: !!int 365")
                .replacingOccurrences(of: "labels: {region: north}", with: "labels: {region: !foo north}")
        }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        for (place, tag) in [("5:9", "!!null"), ("6:20", "!foo"), ("36:19", "!!int")] {
            #expect(
                run.output.contains(
                    "Partners/northside-lab.yaml:\(place): error: explicit YAML tags (\(tag)) are not accepted"),
                "\(run.output)")
        }
    }

    /// A look-alike letter in a host, credentials in a URL (a secret in git) and a not-a-number count: each a located
    /// error, and the password is never echoed.
    @Test func confusableHostsCredentialsInURLsAndNaNAreLocatedErrors() throws {
        let workspace = try Workspace()
        try workspace.edit("Partners/northside-lab.yaml") {
            $0.replacingOccurrences(
                of: "address: https://fhir.northside-lab.example/r4",
                with: "address: https://fhir.northsi\u{0456}de-lab.example/r4"
            )
            .replacingOccurrences(of: "validityDays: 365", with: "validityDays: .nan")
            .replacingOccurrences(
                of: "http://hl7.org/fhir/sid/us-npi", with: "https://registrar:hunter2-secret@hl7.org/fhir/sid/us-npi")
        }
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains("Partners/northside-lab.yaml:17:16: error: spec.endpoints[0].address: "),
            "\(run.output)")
        #expect(run.output.contains("contains U+0456, which is not ASCII"), "\(run.output)")
        #expect(
            run.output.contains(
                "Partners/northside-lab.yaml:11:16: error: spec.identifiers[0].system: a URI must not carry a user name or password"
            ), "\(run.output)")
        #expect(
            run.output.contains("Partners/northside-lab.yaml:36:19: error: spec.certificate.validityDays:"),
            "\(run.output)")
        #expect(!run.output.contains("hunter2"), "the password is not echoed: \(run.output)")
    }

    /// A 500-byte file of nested aliases ("billion laughs") would expand to 9^9 values; it is refused at a limit.
    @Test func aliasBombsAndDeepNestingAreRefused() throws {
        let workspace = try Workspace()
        var bomb = ["apiVersion: onboard/v1", "kind: Partner", "a0: &a0 [x,x,x,x,x,x,x,x,x]"]
        for level in 1...8 {
            bomb.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]")
        }
        bomb.append("metadata: {id: bomb, name: *a8}")
        try workspace.write("Partners/bomb.yaml", bomb.joined(separator: "\n") + "\n")
        try workspace.write(
            "Partners/deep.yaml",
            "apiVersion: onboard/v1\nkind: Partner\nmetadata: " + String(repeating: "[", count: 200)
                + String(repeating: "]", count: 200) + "\n")
        let run = try OnboardBinary.run(["validate"], in: workspace.root)
        #expect(run.status == 1)
        #expect(
            run.output.contains("Partners/bomb.yaml:3:5: error: the document expands to more than 100000 values"),
            "\(run.output)")
        #expect(run.output.contains("Partners/deep.yaml:3:"), "\(run.output)")
        #expect(run.output.contains("the document nests deeper than 64 levels"), "\(run.output)")
    }
}
