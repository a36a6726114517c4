/// Read access to the user's repository. Loading goes through this port so it can be pointed at a checkout, a
/// generated tree in a benchmark, or a git revision, without the loader touching the file system itself.
public protocol SourceTree: Sendable {
    /// Paths (relative to the root, `/`-separated, sorted) of the files directly in `directory`, or below it when
    /// `recursive`; empty when the directory does not exist.
    func files(in directory: String, recursive: Bool) -> [String]

    /// The text of a file, nil when it does not exist; throws when it exists but cannot be read as UTF-8.
    func read(_ path: String) throws -> String?
}
