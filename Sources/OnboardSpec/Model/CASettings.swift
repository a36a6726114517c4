/// Where the hospital's partner CA lives and where its secret comes from (never from the file itself).
public struct CASettings: Sendable, Hashable {
    /// Directory of the CA files, relative to the repository root.
    public let path: String
    /// Name of the environment variable holding the passphrase that encrypts the CA keys.
    public let passphraseEnv: String
    /// Where partners and the gateway fetch the CRL; printed in kits.
    public let crlURL: String?
    /// Files under `path`, or the state's database.
    public let backend: CABackend

    public init(
        path: String = ".onboard/ca", passphraseEnv: String = "ONBOARD_CA_PASSPHRASE", crlURL: String? = nil,
        backend: CABackend = .files
    ) {
        self.path = path
        self.passphraseEnv = passphraseEnv
        self.crlURL = crlURL
        self.backend = backend
    }
}
