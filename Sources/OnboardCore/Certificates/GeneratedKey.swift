/// A key pair onboard generated for a partner that gave no CSR: the PKCS#12 file and the passphrase protecting it.
/// Both go only to the partner's kit directory; `description` never shows them, so a stray print or log is harmless.
public struct GeneratedKey: Sendable, CustomStringConvertible {
    public let pkcs12: [UInt8]
    public let passphrase: String

    public init(pkcs12: [UInt8], passphrase: String) {
        self.pkcs12 = pkcs12
        self.passphrase = passphrase
    }

    public var description: String { "GeneratedKey(sensitive)" }
}
