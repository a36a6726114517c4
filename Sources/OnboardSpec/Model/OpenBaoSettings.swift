/// An OpenBao (or Vault) PKI secrets engine that holds the partner CA's keys (`spec.ca.openbao`): onboard sends it
/// signing requests through one role and never sees a CA private key. Secrets come only from the environment.
public struct OpenBaoSettings: Sendable, Hashable {
    /// How onboard logs in: an AppRole (what a CI runner should use) or a token.
    public enum Auth: Sendable, Hashable {
        case appRole(roleIDEnv: String, secretIDEnv: String)
        case token(tokenEnv: String)
    }

    /// The server, e.g. `https://vault.hospital.example:8200`.
    public let address: String
    /// The PKI mount of the issuing CA (e.g. `pki_int`).
    public let mount: String
    /// The PKI mount of the root CA, whose CRL the gateway needs too: nginx checks a CRL at every level of the chain.
    public let rootMount: String
    /// The role partner certificates are signed through; onboard checks it can issue nothing else.
    public let role: String
    /// A CA bundle to trust for the server's TLS certificate, besides the system roots.
    public let caBundle: String?
    public let auth: Auth

    public init(address: String, mount: String, rootMount: String, role: String, caBundle: String?, auth: Auth) {
        self.address = address
        self.mount = mount
        self.rootMount = rootMount
        self.role = role
        self.caBundle = caBundle
        self.auth = auth
    }

    /// The environment variables holding the credentials, for messages.
    public var secretVariables: [String] {
        switch auth {
        case .appRole(let role, let secret): [role, secret]
        case .token(let token): [token]
        }
    }
}
