import Foundation
import OnboardCore

/// The CA's persistent bookkeeping (`inventory.json`): every certificate issued and the last CRL published, so
/// revocation, renewal and CRL numbering survive restarts.
struct CAInventory: Codable, Sendable {
    var version = 1
    var certificates: [CertificateRecord] = []
    var crlNumber: Int?
    var crlThisUpdate: Date?
    var crlNextUpdate: Date?

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// The inventory as JSON, one certificate a line, each record's text from `record` — so a run that writes the
    /// inventory once per batch of issued certificates encodes each record once (`CAMemory`), not once per write: at
    /// 10,000 partners re-encoding the whole inventory per batch was a third of the apply.
    func encoded(_ record: (CertificateRecord) throws -> [UInt8]) throws -> [UInt8] {
        var header = self
        header.certificates = []
        let empty = Array(#""certificates":[]"#.utf8)
        let text = Array(try Self.encoder.encode(header))
        guard let start = text.indices.first(where: { text[$0...].starts(with: empty) }) else {
            throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "no certificates member"))
        }
        var bytes = Array(text[..<start]) + Array(#""certificates":["#.utf8)
        for (index, certificate) in certificates.enumerated() {
            bytes += index == 0 ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
            bytes += try record(certificate)
        }
        bytes += Array("\n]".utf8) + text[(start + empty.count)...] + [UInt8(ascii: "\n")]
        return bytes
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
