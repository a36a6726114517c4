/// A repository with one file's text replaced: how a command checks an edit it is about to write exactly as
/// `onboard validate` would check it once written, and writes nothing when that check fails.
public struct OverlaySourceTree: SourceTree {
    public let base: any SourceTree
    public let path: String
    public let text: String

    public init(base: any SourceTree, path: String, text: String) {
        self.base = base
        self.path = path
        self.text = text
    }

    public func files(in directory: String, recursive: Bool) -> [String] {
        base.files(in: directory, recursive: recursive)
    }

    public func read(_ path: String) throws -> String? {
        path == self.path ? text : try base.read(path)
    }
}
