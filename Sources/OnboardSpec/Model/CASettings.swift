/// Where the hospital's partner CA lives and where its secret comes from (never from the file itself).
public final class CASettings: Sendable, Hashable {
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
    /// The CA this one replaces, while a rotation is under way.
    public let rotation: CARotation?
    /// Where the inventory of an OpenBao CA is kept (no key: OpenBao holds them), under its mount's name.
    public static let openbaoPath = ".onboard/openbao"

    public init(
        path: String = ".onboard/ca", passphraseEnv: String = "ONBOARD_CA_PASSPHRASE", crlURL: String? = nil,
        backend: CABackend = .files, openbao: OpenBaoSettings? = nil, rotation: CARotation? = nil
    ) {
        self.path = path
        self.passphraseEnv = passphraseEnv
        self.crlURL = crlURL
        self.backend = backend
        self.openbao = openbao
        self.rotation = rotation
    }

    /// These settings with a rotation from `rotation.from` under way.
    func rotating(from rotation: CARotation) -> CASettings {
        CASettings(
            path: path, passphraseEnv: passphraseEnv, crlURL: crlURL, backend: backend, openbao: openbao,
            rotation: rotation)
    }

    public static func == (lhs: CASettings, rhs: CASettings) -> Bool {
        (lhs.path, lhs.passphraseEnv, lhs.crlURL, lhs.backend, lhs.openbao, lhs.rotation)
            == (rhs.path, rhs.passphraseEnv, rhs.crlURL, rhs.backend, rhs.openbao, rhs.rotation)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(backend)
        hasher.combine(openbao)
        hasher.combine(rotation)
    }
}
