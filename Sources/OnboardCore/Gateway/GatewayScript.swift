/// The njs script the gateway configuration imports: the access-token check of every FHIR request (signature,
/// issuer, lifetime, client, certificate binding, scope and query restrictions) and the one-line client certificate
/// the mTLS token endpoint forwards. Written as `onboard-gateway.js` beside this file and embedded at build time (the
/// EmbedGatewayScript plugin writes `template`), so an installed onboard binary carries it; GatewayConfigBuilder
/// hands it the per-partner facts through nginx variables, and the interaction each request asks for, named by the
/// configuration's map from `GatewayInteraction`'s table (which the script's own table is generated from).
public enum GatewayScript {
    /// The file name, beside the configuration.
    public static let fileName = "onboard-gateway.js"

    /// The script, with `GatewayInteraction.all` as its table of what each interaction needs.
    public static let source = template.replacingOccurrences(of: "/* INTERACTIONS */", with: interactionTable)

    /// `code: {letter, restrictable}` per interaction, as a JavaScript object literal.
    static var interactionTable: String {
        "{\n"
            + GatewayInteraction.all.map {
                "    '\($0.code)': {letter: '\($0.permission)', restrictable: \($0.restrictable), open: \($0.open), "
                    + "system: \($0.system)},"
            }.joined(separator: "\n") + "\n}"
    }
}
