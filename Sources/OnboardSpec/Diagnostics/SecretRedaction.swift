/// Keeps secret values out of diagnostics: when a source line that is quoted back holds a secret, the value after the
/// secret's key is replaced, so the line still shows where the problem is.
enum SecretRedaction {
    static let placeholder = "(sensitive)"

    /// `client_secret: abc` becomes `client_secret: (sensitive)`; in a flow mapping (`{kty: EC, d: abc, x: y}`) only
    /// the value of the key at `column` is replaced. Where `column` is the value itself (no key follows it), that
    /// value is replaced, up to the end of the line or of its flow entry.
    static func redact(line: String, column: Int) -> String {
        if line.contains("-----BEGIN") { return line }
        let scalars = Array(line.unicodeScalars)
        let start = max(0, min(column - 1, scalars.count))
        let colon = scalars[start...].firstIndex(of: ":").map { $0 + 1 }
        var end = colon ?? start
        var inQuotes = false
        while end < scalars.count {
            let scalar = scalars[end]
            if scalar == "\"" { inQuotes.toggle() }
            if !inQuotes, scalar == "," || scalar == "}" { break }
            end += 1
        }
        let head = String(String.UnicodeScalarView(scalars[..<(colon ?? start)]))
        let tail = String(String.UnicodeScalarView(scalars[end...]))
        return head + (colon == nil ? "" : " ") + placeholder + tail
    }
}
