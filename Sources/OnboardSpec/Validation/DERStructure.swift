/// A minimal DER reader: enough to tell a PKCS#10 request from any other blob without a crypto library. Signature and
/// key policy are the CA's job, at issuance.
enum DERStructure {
    struct Element {
        let tag: UInt8
        let content: ArraySlice<UInt8>
    }

    /// Splits `bytes` into consecutive TLV elements, or nil when the encoding is malformed.
    static func elements(_ bytes: ArraySlice<UInt8>) -> [Element]? {
        var result: [Element] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let tag = bytes[index]
            index += 1
            guard index < bytes.endIndex else { return nil }
            var length = Int(bytes[index])
            index += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count > 0, count <= 4, index + count <= bytes.endIndex else { return nil }
                length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
                index += count
            }
            guard length <= bytes.endIndex - index else { return nil }
            result.append(Element(tag: tag, content: bytes[index..<index + length]))
            index += length
        }
        return result
    }

    /// Checks the shape `SEQUENCE { SEQUENCE { INTEGER, SEQUENCE, SEQUENCE, [0] }, SEQUENCE, BIT STRING }` of
    /// RFC 2986; returns the problem, or nil for a well-formed request.
    static func certificationRequestProblem(_ der: [UInt8]) -> String? {
        guard let outer = elements(der[...]), outer.count == 1, outer[0].tag == 0x30 else {
            return "the DER data is not a single ASN.1 SEQUENCE"
        }
        guard let parts = elements(outer[0].content), parts.count == 3,
            parts[0].tag == 0x30, parts[1].tag == 0x30, parts[2].tag == 0x03
        else { return "not a PKCS#10 CertificationRequest (expected info, algorithm and signature)" }
        guard let info = elements(parts[0].content), info.count == 4,
            info[0].tag == 0x02, info[1].tag == 0x30, info[2].tag == 0x30, info[3].tag == 0xA0
        else { return "the CertificationRequestInfo is malformed" }
        return nil
    }

    /// Checks the shape `SEQUENCE { SEQUENCE tbsCertificate, SEQUENCE algorithm, BIT STRING }` of RFC 5280.
    static func certificateProblem(_ der: [UInt8]) -> String? {
        guard let outer = elements(der[...]), outer.count == 1, outer[0].tag == 0x30,
            let parts = elements(outer[0].content), parts.count == 3,
            parts[0].tag == 0x30, parts[1].tag == 0x30, parts[2].tag == 0x03
        else { return "not an X.509 certificate (expected tbsCertificate, algorithm and signature)" }
        return nil
    }
}
