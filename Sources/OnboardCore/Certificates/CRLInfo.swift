import Foundation

/// A CRL as published: its number (only ever grows), its update window and its PEM text.
public struct CRLInfo: Sendable, Hashable {
    public let number: Int
    public let thisUpdate: Date
    public let nextUpdate: Date
    public let revokedSerials: [String]
    public let pem: String

    public init(number: Int, thisUpdate: Date, nextUpdate: Date, revokedSerials: [String], pem: String) {
        self.number = number
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.revokedSerials = revokedSerials
        self.pem = pem
    }
}
