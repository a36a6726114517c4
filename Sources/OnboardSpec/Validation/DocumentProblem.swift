/// Why a referenced file (CSR, JWKS) cannot be used; the description is the user-facing message.
public struct DocumentProblem: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
