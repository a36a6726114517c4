/// One `key: value` pair; the key keeps its own location so "unknown key" points at the key itself.
public struct SpecMappingEntry: Sendable, Hashable {
    public let key: SpecScalar
    public let value: SpecNode

    public init(key: SpecScalar, value: SpecNode) {
        self.key = key
        self.value = value
    }
}
