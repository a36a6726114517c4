import Foundation
import OnboardSpec

/// A throwaway copy of the shipped example network in a temporary directory, which a test may then break.
public final class Workspace: @unchecked Sendable {
    public let root: URL

    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for entry in Repository.exampleEntries {
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent(entry), to: root.appendingPathComponent(entry)
            )
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes a file (creating its directories), relative to the workspace root.
    public func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Rewrites a file through `transform`.
    public func edit(_ path: String, _ transform: (String) -> String) throws {
        try write(path, transform(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
    }

    /// Replaces the file at `path` with a symbolic link to `destination`, as a committed link would arrive.
    public func link(_ path: String, to destination: String) throws {
        try remove(path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent(path).path, withDestinationPath: destination)
    }

    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Applies a broken-file case: copies its files over the example and removes what it lists.
    public func apply(_ fixture: BrokenFixture) throws {
        for (path, text) in try fixture.files() { try write(path, text) }
        for path in fixture.manifest.remove { try remove(path) }
    }

    public func load() -> LoadResult {
        NetworkLoader(tree: LocalSourceTree(root: root)).load()
    }
}
