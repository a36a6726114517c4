/// Finds secrets in files that live in git — PEM private key blocks, client secrets and private JWK members — and
/// refuses them with a message that says where such a secret belongs instead. Secret values are never echoed.
public enum SecretScanner {
    /// Members that make a JWK private (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
    public static let privateJWKMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    private static let secretKeys: [String: String] = [
        "clientsecret": "a client secret does not belong in a partner file: onboard registers clients for "
            + "private_key_jwt or tls_client_auth, and anything the authorization server issues is kept sealed in "
            + "onboard's state",
        "privatekey": privateKeyAdvice,
        "password": environmentAdvice,
        "passphrase": environmentAdvice,
        "registrationaccesstoken": "a registration access token does not belong in git: onboard keeps it sealed in its "
            + "state",
        "accesstoken": environmentAdvice,
    ]

    static let privateKeyAdvice =
        "a private key must never be in git: the partner keeps its key and sends only a "
        + "CSR (certificate.csr); omit certificate.csr to have onboard generate a key into the partner kit (out/kits/, "
        + "not in git)"
    static let environmentAdvice =
        "secrets do not belong in files in git: a secret onboard needs is read from an "
        + "environment variable named in onboard.yaml"
    static let jwkAdvice =
        "a JWKS in git must hold public keys only: the partner keeps the private key and publishes "
        + "its public JWK (or a jwksUri)"

    /// True for key names that hold secrets (`client_secret`, `clientSecret`, `password`, …).
    public static func isSecretKey(_ name: String) -> Bool {
        secretKeys[normalised(name)] != nil
    }

    /// Reports every PEM private key block in a file's text at the line and column of its BEGIN marker.
    public static func scanText(_ text: String, file: String, sink: DiagnosticSink) {
        guard TextSearch.contains(text, "PRIVATE KEY-----") else { return }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let begin = line.range(of: "-----BEGIN "), line[begin.upperBound...].contains("PRIVATE KEY-----")
            else { continue }
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: begin.lowerBound) + 1
            sink.report(
                .secretInFile, at: SourceLocation(file: file, line: number + 1, column: column), path: .root,
                "private key block found; " + privateKeyAdvice
            )
        }
    }

    /// Reports secret-named keys and private JWK members anywhere in a YAML tree.
    public static func scanTree(_ node: SpecNode, path: FieldPath, sink: DiagnosticSink) {
        switch node {
        case .scalar:
            return
        case .sequence(let items, _):
            for (index, item) in items.enumerated() { scanTree(item, path: path.index(index), sink: sink) }
        case .mapping(let mapping):
            let isJWK = mapping.entry("kty") != nil
            for entry in mapping.entries {
                let entryPath = path.key(entry.key.text)
                if let advice = secretKeys[normalised(entry.key.text)] {
                    sink.report(.secretInFile, at: entry.key.location, path: entryPath, advice, redactingSecret: true)
                } else if isJWK, privateJWKMembers.contains(entry.key.text) {
                    sink.report(
                        .secretInFile, at: entry.key.location, path: entryPath,
                        "private JWK member \"\(entry.key.text)\"; " + jwkAdvice, redactingSecret: true
                    )
                } else {
                    scanTree(entry.value, path: entryPath, sink: sink)
                }
            }
        }
    }

    private static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}
