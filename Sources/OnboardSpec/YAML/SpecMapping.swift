/// A located YAML mapping with its keys in source order (order matters for stable messages and merging).
public struct SpecMapping: Sendable, Hashable {
    public let entries: [SpecMappingEntry]
    public let location: SourceLocation

    public init(entries: [SpecMappingEntry], location: SourceLocation) {
        self.entries = entries
        self.location = location
    }

    public func entry(_ key: String) -> SpecMappingEntry? {
        entries.first { $0.key.text == key }
    }
}
