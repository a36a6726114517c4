import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// Partner certificates, checked by the openssl CLI rather than by the code that made them.
@Suite struct IssuanceTests {
    @Test func leafVerifiesForClientAuthOnly() async throws {
        let bed = try await CATestBed()
        _ = try await bed.issue(
            "northside-lab", csr: bed.csr("northside-lab", subject: "/O=Northside/CN=northside-lab"))
        let client = try bed.verify("northside-lab", extra: ["-purpose", "sslclient"])
        #expect(client.status == 0, "\(client.output)")
        let server = try bed.verify("northside-lab", extra: ["-purpose", "sslserver"])
        #expect(server.status != 0)
        #expect(server.output.contains("unsuitable certificate purpose"))
    }

    @Test func leafCarriesTheProfileExtensions() async throws {
        let bed = try await CATestBed()
        let issued = try await bed.issue("northside-lab", csr: bed.csr("northside-lab", subject: "/CN=northside-lab"))
        let text = try bed.openssl(["x509", "-in", "northside-lab.cert.pem", "-noout", "-text"]).output
        #expect(text.contains("URI:urn:onboard:partner:st-marys:northside-lab"))
        #expect(text.contains("TLS Web Client Authentication"))
        #expect(text.contains("CA:FALSE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("URI:https://partners.st-marys.example/crl/partners.crl.pem"))
        #expect(text.contains("Subject: CN = northside-lab\n"), "the subject is the partner id alone")
        let serial = try bed.openssl(["x509", "-in", "northside-lab.cert.pem", "-noout", "-serial"]).output
        #expect(serial.trimmingCharacters(in: .whitespacesAndNewlines) == "serial=\(issued.record.serial)")
        let fingerprint = try bed.openssl([
            "x509", "-in", "northside-lab.cert.pem", "-noout", "-fingerprint", "-sha256",
        ])
        #expect(fingerprint.output.contains(issued.record.fingerprint))
    }

    @Test func validityFollowsTheRequestAndSerialsAreUnique() async throws {
        let bed = try await CATestBed()
        let csr = try bed.csr("lab", subject: "/CN=lab")
        let first = try await bed.ca.issue(bed.request("lab", csr: csr, days: 90))
        let second = try await bed.ca.issue(bed.request("lab", csr: csr, days: 90))
        #expect(first.record.serial != second.record.serial)
        let lifetime = first.record.notAfter.timeIntervalSince(first.record.notBefore)
        #expect(abs(lifetime - (90 * 86_400 + 300)) < 2)
        #expect(try await bed.ca.inventory().map(\.serial) == [first.record.serial, second.record.serial])
    }

    @Test func generatedKeyComesAsPKCS12ThatOpenSSLOpens() async throws {
        let bed = try await CATestBed()
        let issued = try await bed.issue("okafor-cardiology", csr: nil)
        let key = try #require(issued.generatedKey)
        #expect(issued.record.keyGenerated)
        #expect(!"\(key)".contains(key.passphrase), "description must not reveal the passphrase")
        try Data(key.pkcs12).write(to: bed.directory.url.appendingPathComponent("bundle.p12"))
        let opened = try bed.openssl([
            "pkcs12", "-in", "bundle.p12", "-passin", "pass:\(key.passphrase)", "-nodes", "-out", "opened.pem",
        ])
        #expect(opened.status == 0, "\(opened.output)")
        let contents = try bed.directory.read("opened.pem")
        #expect(contents.contains("PRIVATE KEY"))
        #expect(contents.components(separatedBy: "BEGIN CERTIFICATE").count - 1 == 3, "leaf, issuing and root")
        let wrong = try bed.openssl(["pkcs12", "-in", "bundle.p12", "-passin", "pass:not-it", "-nodes"])
        #expect(wrong.status != 0)
        let verify = try bed.verify("okafor-cardiology", extra: ["-purpose", "sslclient"])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test(arguments: [
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ["-newkey", "rsa:2048"],
    ])
    func acceptedKeyTypes(_ key: [String]) async throws {
        let bed = try await CATestBed()
        _ = try await bed.issue("lab", csr: bed.csr("lab", subject: "/CN=lab", key: key))
        #expect(try bed.verify("lab", extra: ["-purpose", "sslclient"]).status == 0)
    }
}

/// A partner shapes its CSR and its display name; neither may shape the subject the gateway identifies it by.
@Suite struct HostileSubjectTests {
    @Test func csrSubjectTextNeverReachesTheCertificate() async throws {
        let bed = try await CATestBed()
        let hostile = #"/O=Evil Lab\, CN=northside-lab/OU=a+b=c "q" \\ x/CN=evil-lab"#
        _ = try await bed.issue("evil-lab", csr: bed.csr("evil-lab", subject: hostile))
        let subject = try bed.openssl(["x509", "-in", "evil-lab.cert.pem", "-noout", "-subject", "-nameopt", "RFC2253"])
            .output
        #expect(subject.trimmingCharacters(in: .whitespacesAndNewlines) == "subject=CN=evil-lab")
    }
}
