import Foundation

/// A PEM block (`-----BEGIN LABEL-----` base64 `-----END LABEL-----`) decoded to DER.
struct PEMBlock {
    let label: String
    let der: [UInt8]

    /// The first block in `text` whose label is one of `labels`; throws a message when none decodes.
    static func first(in text: String, labels: [String]) throws(DocumentProblem) -> PEMBlock {
        for label in labels {
            guard let begin = text.range(of: "-----BEGIN \(label)-----") else { continue }
            guard let end = text.range(of: "-----END \(label)-----", range: begin.upperBound..<text.endIndex) else {
                throw DocumentProblem("the PEM block \(label) has no END line")
            }
            let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: String(body)), !data.isEmpty else {
                throw DocumentProblem("the PEM block \(label) is not valid base64")
            }
            return PEMBlock(label: label, der: [UInt8](data))
        }
        throw DocumentProblem("no PEM block \(labels.map { "\"\($0)\"" }.joined(separator: " or ")) found")
    }
}
