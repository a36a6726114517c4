extension SpecNode {
    /// The node at a key path through nested mappings, if every step exists.
    public func value(at keys: [String]) -> SpecNode? {
        var node = self
        for key in keys {
            guard case .mapping(let mapping) = node, let entry = mapping.entry(key) else { return nil }
            node = entry.value
        }
        return node
    }

    /// The text of a string scalar, or nil for anything else.
    public var stringValue: String? {
        if case .scalar(let scalar) = self, scalar.kind == .string { return scalar.text }
        return nil
    }
}
