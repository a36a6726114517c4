/// Keeps secret values out of diagnostics: when a source line that is quoted back holds a secret, the value after the
/// secret's key is replaced, so the line still shows where the problem is.
enum SecretRedaction {
    static let placeholder = "(sensitive)"

    /// `client_secret: abc` becomes `client_secret: (sensitive)`; in a flow mapping (`{kty: EC, d: abc, x: y}`) only
    /// the value of the key at `column` is replaced. A line without a key there is replaced entirely.
    static func redact(line: String, column: Int) -> String {
        if line.contains("-----BEGIN") { return line }
        let scalars = Array(line.unicodeScalars)
        let start = max(0, min(column - 1, scalars.count))
        guard let colon = scalars[start...].firstIndex(of: ":") else {
            return String(repeating: " ", count: scalars.prefix { $0 == " " }.count) + placeholder
        }
        var end = colon + 1
        var inQuotes = false
        while end < scalars.count {
            let scalar = scalars[end]
            if scalar == "\"" { inQuotes.toggle() }
            if !inQuotes, scalar == "," || scalar == "}" { break }
            end += 1
        }
        let head = String(String.UnicodeScalarView(scalars[...colon]))
        let tail = String(String.UnicodeScalarView(scalars[end...]))
        return head + " " + placeholder + tail
    }
}
