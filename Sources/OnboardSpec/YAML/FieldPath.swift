/// The path of a value inside a document (`spec.endpoints[0].address`), as users see it in diagnostics.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public static let root = FieldPath(description: "")

    private init(description: String) {
        self.description = description
    }

    public func key(_ name: String) -> FieldPath {
        FieldPath(description: description.isEmpty ? name : description + "." + name)
    }

    public func index(_ index: Int) -> FieldPath {
        FieldPath(description: description + "[\(index)]")
    }
}
