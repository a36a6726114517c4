import OnboardSpec

/// An existing certificate a partner file adopts (`spec.adopt.certificate`): the PEM as the file holds it and where
/// the file names it. The CA decides at plan time whether it issued it.
public struct AdoptedCertificate: Sendable, Hashable {
    public let pem: String
    public let location: SourceLocation

    public init(pem: String, location: SourceLocation) {
        self.pem = pem
        self.location = location
    }

    public static let field = "spec.adopt.certificate"
}
