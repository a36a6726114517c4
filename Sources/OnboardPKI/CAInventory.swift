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
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
