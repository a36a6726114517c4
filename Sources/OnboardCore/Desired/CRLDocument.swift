/// The CRL resource as a document: the serials on it with their reasons, sorted.
public enum CRLDocument {
    public static func make(_ revoked: [String: String]) -> JSONValue {
        ["revoked": .array(revoked.keys.sorted().map { .string("\($0):\(revoked[$0]!)") })]
    }

    /// The document for what a CA inventory lists as revoked or held now.
    public static func make(_ records: [CertificateRecord]) -> JSONValue {
        var revoked: [String: String] = [:]
        for record in records {
            if let revocation = record.revocation { revoked[record.serial] = revocation.reason.rawValue }
        }
        return make(revoked)
    }
}
