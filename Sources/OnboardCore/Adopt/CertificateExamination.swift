import OnboardSpec

/// What the CA made of a certificate a partner file adopts: its inventory record, or why it cannot be kept — and, when
/// it could, how close to renewal it is (a certificate due already is not worth adopting).
public struct CertificateExamination: Sendable {
    public let adopted: AdoptedCertificateDocument
    public let outcome: Result<CertificateRecord, OnboardError>
    /// Days left when renewal is due already; nil when it is not.
    public let renewalDaysLeft: Int?

    public init(
        adopted: AdoptedCertificateDocument, outcome: Result<CertificateRecord, OnboardError>, renewalDaysLeft: Int?
    ) {
        self.adopted = adopted
        self.outcome = outcome
        self.renewalDaysLeft = renewalDaysLeft
    }
}
