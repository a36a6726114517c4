/// One field of a resource that a change alters, shown in plans as `path: before → after`.
public struct FieldChange: Sendable, Hashable, Codable {
    public let path: String
    public let before: JSONValue?
    public let after: JSONValue?

    public init(path: String, before: JSONValue?, after: JSONValue?) {
        self.path = path
        self.before = before
        self.after = after
    }
}
