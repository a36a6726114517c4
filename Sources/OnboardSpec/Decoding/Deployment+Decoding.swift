extension Deployment {
    /// Decodes `onboard.yaml`.
    static func decode(_ root: SpecNode, file: String, _ decoder: NodeDecoder) -> Deployment? {
        guard let reader = decoder.mapping(root, .root) else { return nil }
        defer { reader.finish() }
        var name: Located<String>?
        if let metadata = decoder.header(reader, kind: "Deployment", directory: "onboard.yaml") {
            name = metadata.required("name") {
                decoder.checked($0, $1, code: .invalidIdentifier, ValueRules.identifierProblem)
            }
            metadata.finish()
        }
        guard let spec = reader.nested("spec", required: true) else { return nil }
        defer { spec.finish() }
        let hospital = spec.nested("hospital", required: true).flatMap { hospital -> HospitalIdentity? in
            defer { hospital.finish() }
            let name = hospital.required("name", decoder.string)
            let identifiers = hospital.optional("identifiers") {
                decoder.each($0, $1) { BusinessIdentifier.decode($0, $1, decoder) }
            }
            return name.map { HospitalIdentity(name: $0, identifiers: identifiers ?? []) }
        }
        let loopback = Self.allowsLoopbackHTTP(spec)
        let url = decoder.platformURL(allowLoopbackHTTP: loopback)
        let platform = spec.nested("platform", required: true).flatMap { platform -> PlatformURLs? in
            defer { platform.finish() }
            _ = platform.optional("allowLoopbackHttp", decoder.boolean)
            let fhir = platform.required("fhirBaseUrl", url)
            let token = platform.required("tokenUrl", url)
            let gateway = platform.required("gatewayUrl", url)
            let tokens = platform.nested("tokens").flatMap { TokenCheckSettings.decode($0, decoder, url: url) }
            let serverCaBundle = platform.optional("serverCaBundle", decoder.string)
            guard let fhir, let token, let gateway else { return nil }
            return PlatformURLs(
                fhirBaseURL: fhir, tokenURL: token, gatewayURL: gateway, tokens: tokens, serverCaBundle: serverCaBundle
            )
        }
        let state =
            spec.nested("state").map { state -> StateSettings in
                defer { state.finish() }
                let defaults = StateSettings()
                let backend = state.optional("backend") { decoder.enumeration($0, $1, as: StateBackend.self) }
                let path = state.optional("path", decoder.string)
                let sealKeyEnv = state.optional("sealKeyEnv", decoder.environmentVariable)
                let urlEnv = state.optional("urlEnv", decoder.environmentVariable)
                if backend?.value == .postgres, urlEnv == nil, state.node("urlEnv") == nil {
                    decoder.sink.report(
                        .missingField, at: backend!.location, path: state.path.key("urlEnv"),
                        "backend postgres needs urlEnv: the name of the environment variable holding the connection URL"
                    )
                }
                if let urlEnv, backend?.value != .postgres {
                    decoder.sink.report(
                        .conflictingFields, at: urlEnv.location, path: state.path.key("urlEnv"),
                        "urlEnv is used only with backend: postgres"
                    )
                }
                return StateSettings(
                    backend: backend?.value ?? defaults.backend, path: path?.value ?? defaults.path,
                    sealKeyEnv: sealKeyEnv?.value,
                    urlEnv: urlEnv?.value
                )
            } ?? StateSettings()
        let ca =
            spec.nested("ca").map { CASettings.decode($0, decoder, state: state, url: url) }
            ?? CASettings(backend: state.backend == .postgres ? .database : .files)
        let targets = spec.nested("targets").map { TargetSettings.decode($0, decoder, url: url) } ?? TargetSettings()
        if targets.gateway != nil, platform != nil, platform?.tokens == nil,
            let targetsKey = spec.keyLocation("targets")
        {
            decoder.sink.report(
                .missingField, at: targetsKey, path: spec.path.key("platform").key("tokens"),
                "a live gateway checks the access token of every request: set platform.tokens (issuer, jwksUrl)"
            )
        }
        let services = spec.optional("services") { ServiceDeclaration.decodeList($0, $1, decoder) } ?? []
        guard let name, let hospital, let platform else { return nil }
        return Deployment(
            file: file, name: name, hospital: hospital, platform: platform, state: state, ca: ca, targets: targets,
            services: services
        )
    }

    /// `platform.allowLoopbackHttp`, read ahead of the URLs it governs (decoding it reports a wrong type).
    static func allowsLoopbackHTTP(_ spec: MappingReader) -> Bool {
        guard case .mapping(let platform)? = spec.mapping.entry("platform")?.value,
            case .scalar(let flag)? = platform.entry("allowLoopbackHttp")?.value
        else { return false }
        return NodeDecoder.isTrue(flag)
    }

    /// Letters, digits and `_`, not starting with a digit: what a shell accepts as a variable name.
    static func isEnvironmentName(_ name: String) -> Bool {
        name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
