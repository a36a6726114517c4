extension CASettings {
    /// Decodes `spec.ca`: where the CA lives (files, the state database or OpenBao) and, while one is under way, the
    /// rotation from the CA it replaces (`rotation.from`, decoded the same way, without a rotation of its own).
    static func decode(
        _ ca: MappingReader, _ decoder: NodeDecoder, state: StateSettings,
        url: @escaping (SpecNode, FieldPath) -> Located<String>?, nested: Bool = false
    ) -> CASettings {
        defer { ca.finish() }
        let defaults = CASettings()
        let path = ca.optional("path", decoder.string)
        let passphraseEnv = ca.optional("passphraseEnv", decoder.environmentVariable)
        let crlURL = nested ? nil : ca.optional("crlUrl", url)
        let backend = ca.optional("backend") { decoder.enumeration($0, $1, as: CABackend.self) }
        if backend?.value == .database, state.backend != .postgres {
            decoder.sink.report(
                .conflictingFields, at: backend!.location, path: ca.path.key("backend"),
                "the CA can live in the database only with state backend postgres"
            )
        }
        let openbao = ca.nested("openbao").flatMap { OpenBaoSettings.decode($0, decoder, url: url) }
        if backend?.value == .openbao, ca.node("openbao") == nil {
            decoder.sink.report(
                .missingField, at: backend!.location, path: ca.path.key("openbao"),
                "backend openbao needs openbao: {address, mount, rootMount, role, auth}"
            )
        }
        if let key = ca.keyLocation("openbao"), backend?.value != .openbao {
            decoder.sink.report(
                .conflictingFields, at: key, path: ca.path.key("openbao"), "openbao is used only with backend: openbao")
        }
        let chosen = backend?.value ?? (state.backend == .postgres ? .database : .files)
        let settings = CASettings(
            path: path?.value
                ?? (chosen == .openbao ? CASettings.openbaoPath + "/" + (openbao?.mount ?? "") : defaults.path),
            passphraseEnv: passphraseEnv?.value ?? defaults.passphraseEnv,
            crlURL: crlURL?.value, backend: chosen, openbao: chosen == .openbao ? openbao : nil
        )
        guard !nested, let rotation = ca.nested("rotation") else { return settings }
        defer { rotation.finish() }
        let from = rotation.nested("from", required: true).map {
            CASettings.decode($0, decoder, state: state, url: url, nested: true)
        }
        let deadline = rotation.required("deadline", decoder.instant)
        if let from, from.sameStore(as: settings), let key = rotation.keyLocation("from") {
            decoder.sink.report(
                .conflictingFields, at: key, path: rotation.path.key("from"),
                "rotation.from names the CA in use (or keeps its files where it does); it names the CA being replaced")
        }
        guard let from, let deadline else { return settings }
        return settings.rotating(from: CARotation(from: from, deadline: deadline.value))
    }

    /// True when both settings keep their files in the same place (the same directory, the same database rows).
    func sameStore(as other: CASettings) -> Bool {
        guard backend == other.backend else { return false }
        switch backend {
        case .files: return path == other.path
        case .database: return true
        case .openbao:
            // Two OpenBao CAs keep their inventories apart by path (by default, under their mount's name).
            return openbao != nil && other.openbao != nil && path == other.path
        }
    }
}
