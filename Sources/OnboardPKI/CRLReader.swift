import Foundation
import OnboardCore
import SwiftASN1

/// Reads what onboard needs from a CRL another CA signed (OpenBao's): its number, update window and revoked serials.
/// swift-certificates has no CRL type; the CertificateList (RFC 5280 §5.1) is walked here with swift-asn1.
enum CRLReader {
    struct Facts: Sendable {
        var number: Int?
        var thisUpdate: Date
        var nextUpdate: Date?
        var serials: [String]
    }

    /// Every CRL in `pem`, in order.
    static func read(pem: String) throws(OnboardError) -> [Facts] {
        let label = "X509 CRL"
        var facts: [Facts] = []
        var rest = Substring(pem)
        while let begin = rest.range(of: "-----BEGIN \(label)-----"),
            let end = rest.range(of: "-----END \(label)-----", range: begin.upperBound..<rest.endIndex)
        {
            let block = String(rest[begin.lowerBound..<end.upperBound])
            do {
                facts.append(try read(der: try PEM.decode(block, label: label)))
            } catch {
                throw OnboardError(.protocolViolation, "a CRL the CA returned cannot be read: \(error)")
            }
            rest = rest[end.upperBound...]
        }
        return facts
    }

    private static func read(der: [UInt8]) throws -> Facts {
        let list = try children(DER.parse(der))
        guard let tbsNode = list.first else { throw ASN1Error.invalidASN1Object(reason: "empty CertificateList") }
        var fields = try children(tbsNode)[...]
        if fields.first?.identifier == .integer { fields = fields.dropFirst() }  // version
        fields = fields.dropFirst(2)  // signature algorithm, issuer
        guard let this = fields.popFirst() else { throw ASN1Error.invalidASN1Object(reason: "no thisUpdate") }
        var facts = Facts(thisUpdate: try time(this), serials: [])
        if let next = fields.first, next.identifier == .utcTime || next.identifier == .generalizedTime {
            facts.nextUpdate = try time(next)
            fields = fields.dropFirst()
        }
        if let revoked = fields.first, revoked.identifier == .sequence {
            for entry in try children(revoked) {
                guard let serial = try children(entry).first, case .primitive(let bytes) = serial.content else {
                    continue
                }
                facts.serials.append(hex(bytes.drop { $0 == 0 }))
            }
            fields = fields.dropFirst()
        }
        if let tagged = fields.first, tagged.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific),
            let extensions = try children(tagged).first
        {
            for item in try children(extensions) {
                let parts = try children(item)
                guard let oid = parts.first, try ASN1ObjectIdentifier(derEncoded: oid) == [2, 5, 29, 20],
                    let value = parts.last, case .primitive(let octets) = value.content,
                    case .primitive(let number) = try DER.parse(Array(octets)).content
                else { continue }
                facts.number = number.reduce(0) { $0 &* 256 &+ Int($1) }
            }
        }
        return facts
    }

    private static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else {
            throw ASN1Error.invalidASN1Object(reason: "expected a constructed node")
        }
        return Array(nodes)
    }

    private static func time(_ node: ASN1Node) throws -> Date {
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        if node.identifier == .utcTime {
            let time = try UTCTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        }
        guard let date = Calendar(identifier: .gregorian).date(from: components) else {
            throw ASN1Error.invalidASN1Object(reason: "an impossible time")
        }
        return date
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { CertificateFacts.hex($0) }.joined()
    }
}
