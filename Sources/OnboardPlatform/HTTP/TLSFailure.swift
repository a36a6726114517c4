/// A TLS failure in one line a person can act on: the reason in words, never the TLS library's internals (its error
/// numbers, source file and line, which name a path on the machine onboard was built on).
enum TLSFailure {
    static let known: [(marker: String, words: String)] = [
        (
            "CERTIFICATE_VERIFY_FAILED",
            "certificate verify failed: the server's certificate is not issued by a CA onboard trusts (add it with caBundle)"
        ),
        ("hostnameMismatch", "certificate verify failed: the server's certificate does not name this host"),
        ("failedToValidateHostname", "certificate verify failed: the server's certificate does not name this host"),
        ("WRONG_VERSION_NUMBER", "the server does not speak TLS on this port"),
        ("TLSV1_ALERT_PROTOCOL_VERSION", "the server accepts no TLS version onboard speaks"),
        ("NO_SHARED_CIPHER", "the server and onboard share no cipher"),
        ("uncleanShutdown", "the server closed the TLS connection"),
    ]

    /// True for the reasons a look at the server's certificate can make precise (`TLSDiagnosis`).
    static func isVerification(_ reason: String) -> Bool { reason.hasPrefix("certificate verify failed") }

    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if let match = known.first(where: { text.contains($0.marker) }) { return match.words }
        // BoringSSL's reason code ("…:SSL routines:OPENSSL_internal:BAD_DECRYPT at /path/file.cc:123") in words.
        if let range = text.range(of: "OPENSSL_internal:") {
            let code = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !code.isEmpty { return "TLS failed: " + code.lowercased().replacingOccurrences(of: "_", with: " ") }
        }
        return "TLS handshake failed"
    }
}
