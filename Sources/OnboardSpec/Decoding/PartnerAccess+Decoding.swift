extension PartnerAccess {
    /// `partner`: where the partner file's own spec is, for problems of this partner found in what its template gave.
    static func decode(_ reader: MappingReader, _ decoder: NodeDecoder, partner: SourceLocation) -> PartnerAccess? {
        let path = reader.path
        defer { reader.finish() }
        let scopes = reader.required("scopes", decoder.scopes)
        let auth = reader.required("auth") { decoder.enumeration($0, $1, as: AuthMethod.self) }
        let jwks = reader.optional("jwks", decoder.string)
        let jwksURI = reader.optional("jwksUri", decoder.httpsURL)
        if let jwks, jwksURI != nil {
            decoder.sink.report(
                .conflictingFields, at: jwks.location, path: path.key("jwks"),
                "give either jwks or jwksUri, not both"
            )
        }
        if decoder.partial { return nil }
        switch auth?.value {
        case .privateKeyJWT? where reader.node("jwks") == nil && reader.node("jwksUri") == nil:
            // auth may come from the template's defaults, but the keys missing are this partner's: the problem is
            // reported in its own file, so that each of many such partners is named, not the template once.
            let location = [auth!.location, reader.owner].first { $0.file == partner.file } ?? partner
            decoder.sink.report(
                .missingField, at: location, path: path.key("jwks"),
                "private_key_jwt needs the partner's public keys: give jwks (a file beside the partner file) or jwksUri"
            )
        case .tlsClientAuth?:
            for key in ["jwks", "jwksUri"] {
                if let location = reader.keyLocation(key) {
                    decoder.sink.report(
                        .conflictingFields, at: location, path: path.key(key),
                        "\(key) is used only with private_key_jwt; tls_client_auth binds the client to its certificate"
                    )
                }
            }
        default:
            break
        }
        guard let scopes, let auth else { return nil }
        return PartnerAccess(scopes: scopes, auth: auth, jwks: jwks, jwksURI: jwksURI)
    }
}
