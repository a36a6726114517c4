/// A place in one of the user's files, so every problem can be reported where the user will fix it.
///
/// `file` is relative to the repository root; `line` and `column` are 1-based, and 0 means "the whole file"
/// (for example when the file itself is missing).
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of a file as a whole, used when no line inside it applies.
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
