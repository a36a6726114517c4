/// A CA whose private keys live elsewhere — an OpenBao/Vault PKI role, an HSM-backed service — as onboard's CA
/// uses it: it signs a CSR for a partner, revokes, and hands out its chain and CRLs. Everything else a partner CA
/// does (checking the CSR, generating kit keys, the inventory, holds) stays on onboard's side of this port.
public protocol CertificateSigner: Sendable {
    /// Names the signer in messages and `onboard ca show` ("OpenBao at https://… (pki_int, role partner)").
    var name: String { get }

    /// Checks, once before the first signature of a run, that the signer can issue partner client certificates and
    /// nothing more (a broader role is refused with the setting that makes it so), for validities up to
    /// `validityDays`.
    func prepare(validityDays: Int) async throws(OnboardError)

    /// Signs `csrPEM` for the partner: subject `CN=commonName`, exactly `uriSAN` as subject alternative name, the
    /// validity asked for. The CSR's own names are ignored.
    func sign(
        csrPEM: String, commonName: String, uriSAN: String, validityDays: Int
    ) async throws(OnboardError) -> SignedCertificate

    /// Revokes a certificate the signer issued, for good (there is no hold on this side of the port).
    func revoke(serial: String) async throws(OnboardError)

    /// The issuing CA then its parents up to the root, in PEM.
    func chainPEM() async throws(OnboardError) -> String

    /// The current CRLs of every level of the chain (issuing CA first), in PEM: what a relying party that checks
    /// the whole chain, as nginx does, needs.
    func crlPEM() async throws(OnboardError) -> String

    /// Has every level sign a fresh CRL now (a signer's CRLs lapse whether or not anything was revoked).
    func rebuildCRLs() async throws(OnboardError)

    /// Every certificate the signer keeps a record of, in PEM (for `onboard ca show`).
    func issued() async throws(OnboardError) -> [String]

    /// The certificate of that serial in PEM, nil when the signer has none.
    func certificate(serial: String) async throws(OnboardError) -> String?
}

/// A certificate as the signer returned it.
public struct SignedCertificate: Sendable {
    public let certificatePEM: String
    /// Issuing CA then root CA.
    public let chainPEM: String

    public init(certificatePEM: String, chainPEM: String) {
        self.certificatePEM = certificatePEM
        self.chainPEM = chainPEM
    }
}
