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
}
