/// Keeps secret values out of diagnostics: when a source line that is quoted back holds a secret, only its key is shown.
enum SecretRedaction {
    static let placeholder = "(sensitive)"

    /// `client_secret: abc` becomes `client_secret: (sensitive)`; a line with no key is replaced entirely.
    static func redact(line: String) -> String {
        if line.contains("-----BEGIN") { return line }
        guard let colon = line.firstIndex(of: ":") else {
            let indent = line.prefix { $0 == " " }
            return indent + placeholder
        }
        return line[...colon] + " " + placeholder
    }
}
