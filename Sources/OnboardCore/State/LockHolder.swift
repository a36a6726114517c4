import Foundation

/// Who holds the state lock, shown to whoever is refused it.
public struct LockHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    public let user: String
    public let host: String
    public let processID: Int32
    public let operation: String
    public let since: Date

    public init(user: String, host: String, processID: Int32, operation: String, since: Date) {
        self.user = user
        self.host = host
        self.processID = processID
        self.operation = operation
        self.since = since
    }

    /// The holder as stored beside a lock (JSON, ISO 8601 time), so a refused run can name it.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A holder read back from beside a lock; nil when what is there is not one.
    public init?(json: String) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let holder = try? decoder.decode(LockHolder.self, from: Data(json.utf8)) else { return nil }
        self = holder
    }

    public var description: String {
        "\(user)@\(host) (pid \(processID), \(operation) since \(ISO8601DateFormatter().string(from: since)))"
    }
}
