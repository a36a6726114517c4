import Foundation

/// The release `scripts/release` writes to `dist/` (scripts/test makes it before the suite): tests run what a
/// hospital downloads, not only the debug build.
public struct ReleaseTarball {
    public let version: String
    public let tarball: URL
    public let directory: URL

    public init() throws {
        let version =
            try OnboardBinary.run(["--version"], in: Repository.root).output.split(separator: " ")
            .first.map(String.init) ?? ""
        let arch = try ExternalTool.run("uname", ["-m"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        directory = Repository.root.appendingPathComponent("dist")
        tarball = directory.appendingPathComponent("onboard-\(version)-linux-\(arch).tar.gz")
        self.version = version
        guard FileManager.default.fileExists(atPath: tarball.path) else {
            throw Missing(description: "no \(tarball.path): run scripts/release (scripts/test does, before the suite)")
        }
    }

    /// Unpacks the tarball into `directory` and returns its `bin/onboard`.
    public func unpack(into directory: URL) throws -> URL {
        let unpacked = try ExternalTool.run("tar", ["-xzf", tarball.path, "-C", directory.path])
        guard unpacked.status == 0 else { throw Missing(description: "tar -xzf failed: \(unpacked.output)") }
        return directory.appendingPathComponent(tarball.lastPathComponent.replacingOccurrences(of: ".tar.gz", with: ""))
            .appendingPathComponent("bin/onboard")
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }
}
