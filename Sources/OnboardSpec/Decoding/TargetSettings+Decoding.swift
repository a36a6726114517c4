extension TargetSettings {
    /// Decodes `spec.targets`: each part is `mode: embedded` (the default) or `mode: live` with its server's settings.
    /// `url` decodes the servers' URLs (https, loopback http only where the deployment allows it).
    static func decode(
        _ targets: MappingReader, _ decoder: NodeDecoder, url: (SpecNode, FieldPath) -> Located<String>?
    ) -> TargetSettings {
        defer { targets.finish() }
        let directory = targets.nested("directory").flatMap { part -> DirectoryTargetSettings? in
            defer { part.finish() }
            guard live(part, decoder) else { return nil }
            return DirectoryTargetSettings(
                tokenEnv: part.optional("tokenEnv") { variable($0, $1, decoder) }?.value,
                connection: connection(part, decoder),
                pageSize: part.optional("pageSize") { decoder.integer($0, $1, in: 10...5_000) }?.value ?? 500
            )
        }
        let clients = targets.nested("clients").flatMap { part -> ClientTargetSettings? in
            defer { part.finish() }
            guard live(part, decoder) else { return nil }
            let registration = part.required("registrationUrl", url)
            let scopeAdministration = part.nested("scopeAdministration").flatMap {
                admin -> ScopeAdministrationSettings? in
                defer { admin.finish() }
                let server = admin.required("server") {
                    decoder.enumeration($0, $1, as: ScopeAdministrationSettings.Server.self)
                }
                let api = admin.required("apiUrl", url)
                let user = admin.required("userEnv") { variable($0, $1, decoder) }
                let password = admin.required("passwordEnv") { variable($0, $1, decoder) }
                guard let server, let api, let user, let password else { return nil }
                return ScopeAdministrationSettings(
                    server: server.value, apiURL: api.value, userEnv: user.value, passwordEnv: password.value)
            }
            let redirects = part.optional("redirectUris") { decoder.each($0, $1) { decoder.httpsURL($0, $1) } } ?? []
            guard let registration else { return nil }
            return ClientTargetSettings(
                registrationURL: registration.value,
                initialAccessTokenEnv: part.optional("initialAccessTokenEnv") { variable($0, $1, decoder) }?.value,
                redirectURIs: redirects.map(\.value), scopeAdministration: scopeAdministration,
                connection: connection(part, decoder)
            )
        }
        let gateway = targets.nested("gateway").flatMap { part -> GatewayTargetSettings? in
            defer { part.finish() }
            guard live(part, decoder) else { return nil }
            let config = part.required("configPath", decoder.string)
            let certificate = part.required("serverCertificate", decoder.string)
            let key = part.required("serverKey", decoder.string)
            let listen = part.optional("listen", decoder.string)
            let include = part.optional("upstreamInclude", decoder.string)
            let tokenInclude = part.optional("tokenUpstreamInclude", decoder.string)
            let pidFile = part.optional("pidFile", decoder.string)
            let test = part.optional("testCommand") { decoder.each($0, $1) { decoder.string($0, $1) } }
            let reload = part.optional("reloadCommand") { decoder.each($0, $1) { decoder.string($0, $1) } }
            guard let config, let certificate, let key else { return nil }
            return GatewayTargetSettings(
                configPath: config.value, listen: listen?.value ?? "8443", serverCertificate: certificate.value,
                serverKey: key.value, upstreamInclude: include?.value,
                testCommand: test.map { $0.map(\.value) } ?? ["/usr/sbin/nginx", "-t", "-q"],
                reloadCommand: reload.map { $0.map(\.value) } ?? ["/usr/sbin/nginx", "-s", "reload"],
                pidFile: pidFile?.value,
                tokenUpstreamInclude: tokenInclude?.value
            )
        }
        return TargetSettings(directory: directory, clients: clients, gateway: gateway)
    }

    /// `caBundle`, `timeoutSeconds`, `retries`, `maxConcurrency`, `deadlineSeconds` of a live part.
    private static func connection(_ part: MappingReader, _ decoder: NodeDecoder) -> ConnectionSettings {
        let defaults = ConnectionSettings()
        return ConnectionSettings(
            caBundle: part.optional("caBundle", decoder.string)?.value,
            timeoutSeconds: part.optional("timeoutSeconds") { decoder.integer($0, $1, in: 1...600) }?.value
                ?? defaults.timeoutSeconds,
            retries: part.optional("retries") { decoder.integer($0, $1, in: 0...10) }?.value ?? defaults.retries,
            maxConcurrency: part.optional("maxConcurrency") { decoder.integer($0, $1, in: 1...64) }?.value
                ?? defaults.maxConcurrency,
            deadlineSeconds: part.optional("deadlineSeconds") { decoder.integer($0, $1, in: 1...86_400) }?.value
                ?? defaults.deadlineSeconds
        )
    }

    private static func live(_ part: MappingReader, _ decoder: NodeDecoder) -> Bool {
        part.optional("mode") { decoder.enumeration($0, $1, as: TargetMode.self) }?.value == .live
    }

    private static func variable(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> Located<String>? {
        decoder.environmentVariable(node, path)
    }
}
