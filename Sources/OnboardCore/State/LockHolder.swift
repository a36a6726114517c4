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

    public var description: String {
        "\(user)@\(host) (pid \(processID), \(operation) since \(ISO8601DateFormatter().string(from: since)))"
    }
}
