import Foundation

/// A `SourceTree` over a directory on the local file system (the repository checkout).
public struct LocalSourceTree: SourceTree {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public func files(in directory: String, recursive: Bool) -> [String] {
        let base = root.appendingPathComponent(directory)
        let manager = FileManager.default
        let names: [String]
        if recursive {
            names = (manager.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
        } else {
            names = (try? manager.contentsOfDirectory(atPath: base.path)) ?? []
        }
        return names.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .map { directory.isEmpty ? $0 : "\(directory)/\($0)" }
            .sorted()
    }

    public func read(_ path: String) throws -> String? {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                throw DocumentProblem(isDirectory.boolValue ? "is a directory" : "cannot be read")
            }
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DocumentProblem("is not UTF-8 text") }
        return text
    }
}
