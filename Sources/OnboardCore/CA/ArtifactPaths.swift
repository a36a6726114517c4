/// Where CA outputs land under the output directory (`out/`): each partner's kit, and the files the gateway and
/// partners fetch (CA chain, CRL).
public enum ArtifactPaths {
    public static func kit(_ partnerID: String, _ name: String) -> String { "kits/\(partnerID)/\(name)" }
    public static let publishedChain = "platform/pki/ca-chain.pem"
    public static let publishedCRL = "platform/pki/partners.crl.pem"

    public static let kitCertificate = "certificate.pem"
    public static let kitChain = "ca-chain.pem"
    public static let kitPKCS12 = "client.p12"
    public static let kitPKCS12Passphrase = "client.p12.passphrase"
}
