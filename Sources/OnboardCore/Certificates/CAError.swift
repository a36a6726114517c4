/// Why a CA operation failed. The code lets callers (and tests) react without parsing text; the message is written
/// for the admin, names the file or variable involved, and never contains key material.
public struct CAError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case notInitialized
        case alreadyInitialized
        case passphraseMissing
        case wrongPassphrase
        case corruptStore
        case malformedCSR
        case badCSRSignature
        case weakKey
        case subjectMismatch
        case unknownSerial
        case notOnHold
        case storage
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
