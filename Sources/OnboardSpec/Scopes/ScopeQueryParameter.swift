/// One `name=value` restriction from a scope's query part (`?category=...|laboratory`).
public struct ScopeQueryParameter: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(value)" }
}
