/// What a scalar means under the YAML 1.2 core schema; named in "expected X, found Y" messages.
public enum ScalarKind: String, Sendable {
    case null
    case bool = "boolean"
    case integer
    case number
    case string
}
