extension TokenCheckSettings {
    /// Decodes `spec.platform.tokens`.
    static func decode(
        _ tokens: MappingReader, _ decoder: NodeDecoder, url: (SpecNode, FieldPath) -> Located<String>?
    ) -> TokenCheckSettings? {
        defer { tokens.finish() }
        let issuer = tokens.required("issuer", decoder.httpsURL)
        let jwks = tokens.required("jwksUrl", url)
        let skew = tokens.optional("clockSkewSeconds") { decoder.integer($0, $1, in: 0...300) }
        let upstream = tokens.optional("mtlsTokenUpstream", url)
        let header = tokens.optional("certificateHeader") { decoder.checked($0, $1, headerNameProblem) }
        guard let issuer, let jwks else { return nil }
        return TokenCheckSettings(
            issuer: issuer.value, jwksURL: jwks.value, clockSkewSeconds: skew?.value ?? defaultClockSkew,
            mtlsTokenUpstream: upstream?.value, certificateHeader: header?.value ?? defaultCertificateHeader
        )
    }

    /// Letters, digits and hyphens only: nginx drops headers with underscores from partners by default, and a name
    /// a proxy might normalise differently would let a partner slip in a header of its own.
    static func headerNameProblem(_ name: String) -> String? {
        let valid =
            !name.isEmpty && name.count <= 64
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        return valid ? nil : "\"\(name)\" is not a header name of letters, digits and hyphens"
    }
}
