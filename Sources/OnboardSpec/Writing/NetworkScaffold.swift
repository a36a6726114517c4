import Foundation

/// The repository `onboard init` writes for a hospital starting its own network: `onboard.yaml` on the embedded
/// platform (the live settings commented with what each needs), the four kinds of partner in `Templates/` (the ones
/// this project ships and tests, with the kit README), an empty `Partners/` with a commented sample, `.gitignore`, the
/// GitHub Actions and GitLab pipelines (a pinned, checksum-verified release; never a build) and a README for the team.
/// The files are embedded at build time from `scaffold/` and `Templates/` (the EmbedScaffold plugin).
public enum NetworkScaffold {
    /// What the new network is called and where its platform and onboard's releases are.
    public struct Settings: Sendable {
        public var hospitalName: String
        public var deployment: String
        public var fhirURL: String
        public var tokenURL: String
        public var gatewayURL: String
        /// The onboard version the pipelines fetch (this binary's).
        public var version: String
        /// Where the organisation keeps onboard's release tarballs (`<url>/onboard-<version>-linux-x86_64.tar.gz`, so
        /// an upgrade changes the version and the checksum only).
        public var releaseURL: String
        /// The tarball's SHA-256, when known; the pipelines refuse to run until it is set.
        public var releaseSHA256: String?

        public init(
            hospitalName: String, deployment: String, fhirURL: String? = nil, tokenURL: String? = nil,
            gatewayURL: String? = nil, version: String, releaseURL: String? = nil, releaseSHA256: String? = nil
        ) {
            self.hospitalName = hospitalName
            self.deployment = deployment
            self.fhirURL = fhirURL ?? "https://fhir.\(deployment).example/r4"
            self.tokenURL = tokenURL ?? "https://auth.\(deployment).example/oauth2/token"
            self.gatewayURL = gatewayURL ?? "https://partners.\(deployment).example"
            self.version = version
            self.releaseURL = releaseURL ?? "https://releases.\(deployment).example/onboard"
            self.releaseSHA256 = releaseSHA256
        }

        /// Why these settings cannot make a valid network, or nil.
        public var problem: String? {
            if let problem = ValueRules.identifierProblem(deployment) { return "--deployment: \(problem)" }
            let name = hospitalName.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.count > 200 || TextRules.unprintableProblem(hospitalName) != nil
                || hospitalName.contains(where: \.isNewline)
            {
                return "--hospital-name: give the hospital's name on one line (at most 200 characters)"
            }
            for (option, url) in [("--fhir-url", fhirURL), ("--token-url", tokenURL), ("--gateway-url", gatewayURL)] {
                if let (_, problem) = ValueRules.httpsURLProblem(url) { return "\(option): \(problem)" }
            }
            if let (_, problem) = ValueRules.httpsURLProblem(releaseURL) { return "--release-url: \(problem)" }
            // It is written into the pipelines as it is: nothing a shell, YAML or a CI expression reads as syntax.
            if releaseURL.contains(where: { "\"'$`{}\\ ".contains($0) }) {
                return "--release-url: a URL without quotes, spaces, $, `, { or }"
            }
            if hospitalName.contains("{{") { return "--hospital-name: a name without {{" }
            if let sha = releaseSHA256, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
                return "--release-sha256: give the 64 hexadecimal digits of the release tarball's SHA-256"
            }
            return nil
        }
    }

    /// Where each embedded file goes in the new repository (Templates/ keep their paths).
    static let destinations = [
        "scaffold/onboard.yaml": "onboard.yaml",
        "scaffold/gitignore": ".gitignore",
        "scaffold/README.md": "README.md",
        "scaffold/Partners/example-laboratory.yaml.sample": "Partners/example-laboratory.yaml.sample",
        "scaffold/github-workflow.yml": ".github/workflows/onboard.yml",
        "scaffold/gitlab-ci.yml": ".gitlab-ci.yml",
    ]

    /// The new repository's files, by path, sorted.
    public static func files(_ settings: Settings) -> [(path: String, text: String)] {
        let values = placeholders(settings)
        return files.compactMap { source, text -> (path: String, text: String)? in
            if source.hasPrefix("Templates/") { return (source, text) }
            guard let destination = destinations[source] else { return nil }
            return (destination, render(text, values))
        }.sorted { $0.path < $1.path }
    }

    /// `text` with each `{{key}}` of `values` replaced, in one pass over the template: a value is never read again as
    /// a template. Other `{{…}}` (a CI's own expressions) stay as written.
    static func render(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.range(of: "}}"), let value = values[String(after[..<close.lowerBound])] {
                result += value
                rest = after[close.upperBound...]
            } else {
                result += "{{"
                rest = after
            }
        }
        return result + rest
    }

    static func placeholders(_ settings: Settings) -> [String: String] {
        let gateway = settings.gatewayURL.hasSuffix("/") ? String(settings.gatewayURL.dropLast()) : settings.gatewayURL
        // Values written into YAML are double-quoted JSON strings, which YAML reads the same way.
        func yaml(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined() + "\""
        }
        return [
            "hospital_name": settings.hospitalName, "hospital_name_yaml": yaml(settings.hospitalName),
            "deployment": settings.deployment,
            "fhir_url_yaml": yaml(settings.fhirURL), "token_url_yaml": yaml(settings.tokenURL),
            "gateway_url_yaml": yaml(gateway), "crl_url_yaml": yaml(gateway + "/crl/partners.crl.pem"),
            "version": settings.version, "release_url": settings.releaseURL,
            "sha256": settings.releaseSHA256 ?? "set me: the SHA-256 of onboard-\(settings.version)-linux-x86_64.tar.gz",
        ]
    }
}
