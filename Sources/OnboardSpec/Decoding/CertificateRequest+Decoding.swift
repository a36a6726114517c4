extension CertificateRequest {
    /// Longest validity onboard issues at all; templates cap it further.
    static let validityRange = 1...825

    static func decode(_ reader: MappingReader, _ decoder: NodeDecoder) -> CertificateRequest? {
        let path = reader.path
        defer { reader.finish() }
        let csr = reader.optional("csr", decoder.string)
        let validity = reader.required("validityDays") { decoder.integer($0, $1, in: validityRange) }
        let renewBefore = reader.optional("renewBeforeDays") { decoder.integer($0, $1, in: validityRange) }
        if let validity, let renewBefore, renewBefore.value >= validity.value {
            decoder.sink.report(
                .invalidValue, at: renewBefore.location, path: path.key("renewBeforeDays"),
                "\(renewBefore.value) must be less than validityDays (\(validity.value))"
            )
        }
        guard let validity else { return nil }
        return CertificateRequest(csr: csr, validityDays: validity, renewBeforeDays: renewBefore)
    }
}
