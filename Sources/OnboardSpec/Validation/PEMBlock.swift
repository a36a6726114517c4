import Foundation

/// A PEM block (`-----BEGIN LABEL-----` base64 `-----END LABEL-----`) decoded to DER.
struct PEMBlock {
    let label: String
    let der: [UInt8]

    /// The first block in `text` whose label is one of `labels`; throws a message when none decodes.
    static func first(in text: String, labels: [String]) throws(DocumentProblem) -> PEMBlock {
        for label in labels {
            guard let begin = TextSearch.range(of: "-----BEGIN \(label)-----", in: Substring(text)) else { continue }
            guard let end = TextSearch.range(of: "-----END \(label)-----", in: text[begin.upperBound...]) else {
                throw DocumentProblem("the PEM block \(label) has no END line")
            }
            let body = String(text[begin.upperBound..<end.lowerBound])
            guard body.utf8.allSatisfy(isBase64OrSpace),
                let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters), !data.isEmpty
            else {
                throw DocumentProblem("the PEM block \(label) is not valid base64")
            }
            return PEMBlock(label: label, der: [UInt8](data))
        }
        throw DocumentProblem("no PEM block \(labels.map { "\"\($0)\"" }.joined(separator: " or ")) found")
    }

    private static func isBase64OrSpace(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: " "), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            true
        default:
            false
        }
    }
}
