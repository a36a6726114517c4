/// Where the hospital's partner CA lives and where its secret comes from (never from the file itself).
public struct CASettings: Sendable, Hashable {
    /// Directory of the CA files, relative to the repository root.
    public let path: String
    /// Name of the environment variable holding the passphrase that encrypts the CA keys.
    public let passphraseEnv: String
    /// Where partners and the gateway fetch the CRL; printed in kits.
    public let crlURL: String?
    /// Files under `path`, the state's database, or OpenBao.
    public let backend: CABackend
    /// With `backend: openbao`, the server, mounts, role and login.
    public let openbao: OpenBaoSettings?
    /// Where the inventory of an OpenBao CA is kept with SQLite state (no key: OpenBao holds them).
    public static let openbaoPath = ".onboard/openbao"

    public init(
        path: String = ".onboard/ca", passphraseEnv: String = "ONBOARD_CA_PASSPHRASE", crlURL: String? = nil,
        backend: CABackend = .files, openbao: OpenBaoSettings? = nil
    ) {
        self.path = path
        self.passphraseEnv = passphraseEnv
        self.crlURL = crlURL
        self.backend = backend
        self.openbao = openbao
    }
}
