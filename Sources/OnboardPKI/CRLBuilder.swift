import Foundation
import OnboardCore
import SwiftASN1
import X509

/// Builds and signs an X.509 v2 CRL (RFC 5280 §5): CRL number and authority key identifier extensions, a reasonCode
/// per entry. swift-certificates has no CRL type, so the TBSCertList is encoded here with swift-asn1.
enum CRLBuilder {
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10_045, 4, 3, 2]
    static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10_045, 4, 3, 3]
    static let authorityKeyIdentifier: ASN1ObjectIdentifier = [2, 5, 29, 35]
    static let crlNumber: ASN1ObjectIdentifier = [2, 5, 29, 20]
    static let reasonCode: ASN1ObjectIdentifier = [2, 5, 29, 21]

    /// The DER CertificateList.
    static func build(
        authority: IssuingAuthority, number: Int, thisUpdate: Date, nextUpdate: Date, entries: [CRLEntry]
    ) throws -> [UInt8] {
        let (algorithm, oid): (Certificate.SignatureAlgorithm, ASN1ObjectIdentifier) =
            CertificateFacts.keyAlgorithm(authority.certificate.publicKey) == "ECDSA P-384"
            ? (.ecdsaWithSHA384, ecdsaWithSHA384) : (.ecdsaWithSHA256, ecdsaWithSHA256)
        let keyIdentifier = try authority.keyIdentifier
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { list in
            try list.serialize(1)
            try serializeAlgorithm(oid, into: &list)
            try list.serialize(authority.certificate.subject)
            try serializeTime(thisUpdate, into: &list)
            try serializeTime(nextUpdate, into: &list)
            if !entries.isEmpty {
                try list.appendConstructedNode(identifier: .sequence) { revoked in
                    for entry in entries {
                        try revoked.appendConstructedNode(identifier: .sequence) { item in
                            item.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: entry.serial) }
                            try serializeTime(entry.date, into: &item)
                            try item.appendConstructedNode(identifier: .sequence) { extensions in
                                try serializeExtension(reasonCode, into: &extensions) { value in
                                    value.appendPrimitiveNode(identifier: .enumerated) {
                                        $0.append(UInt8(entry.reason.code))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            try list.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) {
                tagged in
                try tagged.appendConstructedNode(identifier: .sequence) { extensions in
                    try serializeExtension(authorityKeyIdentifier, into: &extensions) { value in
                        value.appendConstructedNode(identifier: .sequence) { aki in
                            aki.appendPrimitiveNode(
                                identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
                            ) {
                                $0.append(contentsOf: keyIdentifier)
                            }
                        }
                    }
                    try serializeExtension(crlNumber, into: &extensions) { try $0.serialize(number) }
                }
            }
        }
        let signature = try authority.privateKey.sign(bytes: tbs.serializedBytes, signatureAlgorithm: algorithm)
        var list = DER.Serializer()
        try list.appendConstructedNode(identifier: .sequence) { certificateList in
            certificateList.serializeRawBytes(tbs.serializedBytes)
            try serializeAlgorithm(oid, into: &certificateList)
            try certificateList.serialize(ASN1BitString(bytes: signature.rawRepresentation[...]))
        }
        return list.serializedBytes
    }

    private static func serializeAlgorithm(_ oid: ASN1ObjectIdentifier, into serializer: inout DER.Serializer) throws {
        try serializer.appendConstructedNode(identifier: .sequence) { try $0.serialize(oid) }
    }

    private static func serializeExtension(
        _ oid: ASN1ObjectIdentifier, into serializer: inout DER.Serializer, value: (inout DER.Serializer) throws -> Void
    ) throws {
        var inner = DER.Serializer()
        try value(&inner)
        try serializer.appendConstructedNode(identifier: .sequence) { item in
            try item.serialize(oid)
            try item.serialize(ASN1OctetString(contentBytes: inner.serializedBytes[...]))
        }
    }

    /// UTCTime until 2049, GeneralizedTime after (RFC 5280 §5.1.2.4).
    private static func serializeTime(_ date: Date, into serializer: inout DER.Serializer) throws {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        let (year, month, day) = (components.year!, components.month!, components.day!)
        let (hour, minute, second) = (components.hour!, components.minute!, components.second!)
        if year < 2050 {
            try serializer.serialize(
                UTCTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second)
            )
        } else {
            try serializer.serialize(
                GeneralizedTime(
                    year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second,
                    fractionalSeconds: 0
                ))
        }
    }
}
