import Foundation

/// One case of the broken-file corpus under Tests/Fixtures/broken/<case>/: files laid over the example network, the
/// diagnostics expected (golden text, `expected.txt`) and what the JSON Schema must say (`case.json`).
public struct BrokenFixture: Sendable, CustomStringConvertible {
    public struct Manifest: Codable, Sendable {
        /// Files the JSON Schema must reject; every other YAML file of the case it must accept.
        public let schemaRejects: [String]
        /// False when the case changes a shared file (onboard.yaml) and so cannot join the all-at-once run.
        public let combinable: Bool
        /// Example files the case deletes.
        public let remove: [String]
    }

    public let name: String
    public let directory: URL
    public let manifest: Manifest

    public var description: String { name }

    public static let directory = Repository.fixtures.appendingPathComponent("broken")
    static let reserved: Set<String> = ["case.json", "expected.txt"]

    /// Every case, in name order.
    public static func all() -> [BrokenFixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("case.json").path),
                let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
            else { return nil }
            return BrokenFixture(name: name, directory: folder, manifest: manifest)
        }
    }

    /// The case's files (relative path → text), excluding its manifest and golden text.
    public func files() throws -> [(String, String)] {
        let paths = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? []
        return try paths.sorted().compactMap { path in
            let url = directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard !Self.reserved.contains(path),
                FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { return nil }
            return (path, try String(contentsOf: url, encoding: .utf8))
        }
    }

    public var expectedURL: URL { directory.appendingPathComponent("expected.txt") }

    /// The golden text; with ONBOARD_UPDATE_GOLDEN=1 it is rewritten from `actual` first (review the diff!).
    public func expected(updatingWith actual: String) throws -> String {
        if ProcessInfo.processInfo.environment["ONBOARD_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        return (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "(missing \(expectedURL.path))"
    }
}
