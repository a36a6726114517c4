import SwiftASN1
import X509

/// The CRL distribution points extension (RFC 5280 §4.2.1.13) with one URI, so relying parties find the CRL.
enum CRLDistributionPoint {
    static let oid: ASN1ObjectIdentifier = [2, 5, 29, 31]

    static func `extension`(uri: String) throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { points in
            try points.appendConstructedNode(identifier: .sequence) { point in
                try point.appendConstructedNode(
                    identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
                ) { name in
                    try name.appendConstructedNode(
                        identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
                    ) { full in
                        full.appendPrimitiveNode(
                            identifier: ASN1Identifier(tagWithNumber: 6, tagClass: .contextSpecific)
                        ) {
                            $0.append(contentsOf: uri.utf8)
                        }
                    }
                }
            }
        }
        return Certificate.Extension(oid: oid, critical: false, value: serializer.serializedBytes[...])
    }
}
