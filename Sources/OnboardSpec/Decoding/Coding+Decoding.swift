extension Coding {
    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> Coding? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let system = reader.required("system", decoder.uri)
        let code = reader.required("code", decoder.string)
        let display = reader.optional("display", decoder.string)
        guard let system, let code else { return nil }
        return Coding(system: system, code: code, display: display)
    }
}
