/// A located YAML scalar. `isPlain` records whether it was written unquoted: only plain scalars can be numbers,
/// booleans or null (YAML 1.2 core schema), so `"365"` stays a string, as a JSON Schema validator sees it too.
public struct SpecScalar: Sendable, Hashable {
    public let text: String
    public let isPlain: Bool
    public let location: SourceLocation

    public init(text: String, isPlain: Bool, location: SourceLocation) {
        self.text = text
        self.isPlain = isPlain
        self.location = location
    }

    /// The YAML 1.2 core-schema kind of the scalar, used for type checks and messages.
    public var kind: ScalarKind {
        guard isPlain else { return .string }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        default: break
        }
        if Int(text) != nil { return .integer }
        if Double(text) != nil, text.first != "." || text.count > 1 { return .number }
        return .string
    }
}
