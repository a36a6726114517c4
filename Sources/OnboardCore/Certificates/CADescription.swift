import Foundation

/// The public face of the CA, for `onboard ca show` and partner kits.
public struct CADescription: Sendable, Hashable {
    public struct Authority: Sendable, Hashable {
        public let subject: String
        public let notBefore: Date
        public let notAfter: Date
        public let fingerprint: String
        public let keyAlgorithm: String

        public init(subject: String, notBefore: Date, notAfter: Date, fingerprint: String, keyAlgorithm: String) {
            self.subject = subject
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.fingerprint = fingerprint
            self.keyAlgorithm = keyAlgorithm
        }
    }

    public let root: Authority
    public let issuing: Authority
    /// The number of the last CRL published, nil before the first.
    public let crlNumber: Int?
    public let crlNextUpdate: Date?

    public init(root: Authority, issuing: Authority, crlNumber: Int?, crlNextUpdate: Date?) {
        self.root = root
        self.issuing = issuing
        self.crlNumber = crlNumber
        self.crlNextUpdate = crlNextUpdate
    }
}
