import Foundation
import OnboardCore
import OnboardPlatform
import OnboardTestSupport
import Testing

@Suite struct OutputDirectoryTests {
    @Test func sensitiveFilesAreOwnerOnly() async throws {
        let directory = try TemporaryDirectory()
        let output = OutputDirectory(root: directory.url)
        try await output.write("kits/lab/client.p12", [1, 2, 3], sensitive: true)
        try await output.write("kits/lab/certificate.pem", text: "public")
        let secret = try FileManager.default.attributesOfItem(atPath: directory.path("kits/lab/client.p12"))
        #expect((secret[.posixPermissions] as? Int) == 0o600)
        let kit = try FileManager.default.attributesOfItem(atPath: directory.path("kits/lab"))
        #expect((kit[.posixPermissions] as? Int) == 0o700)
        let public_ = try FileManager.default.attributesOfItem(atPath: directory.path("kits/lab/certificate.pem"))
        #expect((public_[.posixPermissions] as? Int) == 0o644)
        #expect(try directory.read("kits/lab/certificate.pem") == "public")
    }

    @Test func rewritesReplaceAndLeaveNoTemporaryFiles() async throws {
        let directory = try TemporaryDirectory()
        let output = OutputDirectory(root: directory.url)
        try await output.write("a/b.txt", text: "one")
        try await output.write("a/b.txt", text: "two")
        #expect(try directory.read("a/b.txt") == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("a")) == ["b.txt"])
    }

    /// A run SIGKILLed between writing and renaming leaves `.<name>.tmp-<pid>`; the next run's sweep removes it once
    /// that process is gone, and leaves a live process's temporary alone.
    @Test func abandonedTemporariesOfDeadProcessesAreSwept() async throws {
        let directory = try TemporaryDirectory()
        let output = OutputDirectory(root: directory.url)
        try await output.write("Organization/lab.json", text: "{}")
        let dead = ".lab.json.tmp-\(try DeadProcess.identifier())"
        let alive = ".other.json.tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try directory.write("Organization/\(dead)", "half")
        try directory.write("Organization/\(alive)", "in progress")
        output.removeAbandonedTemporaries(in: "Organization")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("Organization")).sorted() == [
                alive, "lab.json",
            ])
    }
}
