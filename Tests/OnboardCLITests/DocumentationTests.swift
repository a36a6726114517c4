import Foundation
import OnboardSpec
import OnboardTestSupport
import Testing

/// The documentation stays true: the README is a front page (under 1,500 words) linking every page of docs/; every
/// relative link points at a file that exists; every error code has its entry in docs/troubleshooting.md; and every
/// shell block marked as runnable runs — `sh runnable` in an empty directory, `sh runnable-in-example` in a copy of
/// the example network — with the onboard under test first on PATH.
@Suite struct DocumentationTests {
    static let docs = Repository.root.appendingPathComponent("docs")

    static func pages() throws -> [URL] {
        [Repository.root.appendingPathComponent("README.md")]
            + (try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil))
            .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func theReadmeIsAFrontPageThatLinksEveryPage() throws {
        let readme = try Self.text(Repository.root.appendingPathComponent("README.md"))
        let words = readme.split { $0.isWhitespace }.count
        #expect(words < 1_500, "README.md has \(words) words")
        for page in try Self.pages().dropFirst() {
            #expect(readme.contains("](docs/\(page.lastPathComponent))"), "README.md does not link \(page.lastPathComponent)")
        }
    }

    @Test func everyRelativeLinkPointsAtAFileThatExists() throws {
        let link = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)]*)?\)"#)
        for page in try Self.pages() {
            let text = try Self.text(page)
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let target = String(text[Range(match.range(at: 1), in: text)!])
                guard !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(
                    FileManager.default.fileExists(atPath: resolved.path),
                    "\(page.lastPathComponent) links \(target), which does not exist")
            }
        }
    }

    @Test func everyErrorCodeHasItsEntryInTroubleshooting() throws {
        let guide = try Self.text(Self.docs.appendingPathComponent("troubleshooting.md"))
        let source = try Self.text(
            Repository.root.appendingPathComponent("Sources/OnboardCore/Errors/OnboardError+Codes.swift"))
        let declared = try NSRegularExpression(pattern: #"Self\("([a-z-]+)"\)"#)
        let codes =
            declared.matches(in: source, range: NSRange(source.startIndex..., in: source)).map {
                String(source[Range($0.range(at: 1), in: source)!])
            } + DiagnosticCode.allCases.map(\.rawValue)
        #expect(codes.count > 50)
        for code in codes { #expect(guide.contains("| `\(code)` |"), "docs/troubleshooting.md has no entry for \(code)") }
    }

    @Test func everyRunnableBlockRuns() throws {
        let fence = try NSRegularExpression(pattern: #"```sh (runnable|runnable-in-example)\n(.*?)```"#, options: [.dotMatchesLineSeparators])
        var ran = 0
        for page in try Self.pages() {
            let text = try Self.text(page)
            for match in fence.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let kind = String(text[Range(match.range(at: 1), in: text)!])
                let block = String(text[Range(match.range(at: 2), in: text)!])
                let directory = try TemporaryDirectory()
                if kind == "runnable-in-example" {
                    for item in ["onboard.yaml", "Templates", "Partners"] {
                        try FileManager.default.copyItem(
                            at: Repository.root.appendingPathComponent(item),
                            to: directory.url.appendingPathComponent(item))
                    }
                }
                let path = OnboardBinary.url.deletingLastPathComponent().path + ":/usr/bin:/bin"
                let run = try ExternalTool.run(
                    "env", ["-i", "PATH=\(path)", "HOME=\(directory.url.path)", "bash", "-euo", "pipefail", "-c", block],
                    in: directory.url)
                #expect(run.status == 0, "a runnable block of \(page.lastPathComponent) failed:\n\(block)\n\(run.output)")
                ran += 1
            }
        }
        #expect(ran >= 2)
    }
}
