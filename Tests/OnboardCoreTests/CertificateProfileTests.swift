import Foundation
import OnboardCore
import Testing

/// The certificate profile names a CSR by the digest of its trimmed PEM; states written by earlier builds hold that
/// digest, so the trimming must stay exactly Foundation's `.whitespacesAndNewlines`, or every certificate would be
/// planned for re-issue.
@Suite struct CertificateProfileTests {
    @Test(arguments: [
        "-----BEGIN CERTIFICATE REQUEST-----\nMIH3\n-----END CERTIFICATE REQUEST-----\n",
        "\r\n\t -----BEGIN CERTIFICATE REQUEST-----\nMIH3\n-----END CERTIFICATE REQUEST-----\r\n\n",
        "\u{2003}\u{00A0}PEM\u{2028}\u{0085}\u{3000}", "no white space", " ", "",
    ])
    func csrKeyIsTheDigestOfThePEMTrimmedAsFoundationTrimsIt(pem: String) {
        let request = CertificateIssueRequest(deployment: "st-marys", partnerID: "lab", csrPEM: pem, validityDays: 30)
        let expected = "csr:" + SHA256Digest.hex(pem.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(request.profile["key"]?.stringValue == expected)
    }
}
