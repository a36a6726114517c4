/// How bad a diagnostic is: errors fail `validate` (and every later command), warnings only inform.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
}
