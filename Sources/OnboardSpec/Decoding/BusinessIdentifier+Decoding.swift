extension BusinessIdentifier {
    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> BusinessIdentifier? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let system = reader.required("system", decoder.uri)
        let value = reader.required("value", decoder.string)
        guard let system, let value else { return nil }
        return BusinessIdentifier(system: system, value: value)
    }
}
