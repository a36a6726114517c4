extension Contact {
    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> Contact? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let name = reader.required("name", decoder.string)
        let email = reader.optional("email") { decoder.checked($0, $1, code: .invalidEmail, ValueRules.emailProblem) }
        let phone = reader.optional("phone", decoder.string)
        if reader.node("email") == nil, reader.node("phone") == nil, !decoder.partial {
            decoder.sink.report(
                .missingField, at: reader.owner, path: path.key("email"), "a contact needs an email or a phone"
            )
        }
        guard let name else { return nil }
        return Contact(name: name, email: email, phone: phone)
    }
}
