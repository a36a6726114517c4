import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// CSRs the CA must refuse, each with a precise error and nothing added to the inventory.
@Suite struct CSRRejectionTests {
    func rejection(_ bed: CATestBed, partner: String = "lab", csr: String) async throws -> OnboardError {
        do {
            _ = try await bed.ca.issue(bed.request(partner, csr: csr))
        } catch {
            #expect(try await bed.ca.inventory().isEmpty)
            return error
        }
        throw TestBedError(description: "the CSR was accepted")
    }

    @Test func malformedCSR() async throws {
        let bed = try await CATestBed()
        let error = try await rejection(
            bed, csr: "-----BEGIN CERTIFICATE REQUEST-----\nTm90IGEgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n")
        #expect(error.code == .malformedCSR)
        #expect(error.message.contains("the CSR of lab is not a PEM PKCS#10 certificate request"))
    }

    @Test func csrWithABadSignature() async throws {
        let bed = try await CATestBed()
        let pem = try bed.csr("lab", subject: "/CN=lab")
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        var der = try #require(Data(base64Encoded: body))
        der[der.count - 1] ^= 0x01
        let base64 = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        let tampered = "-----BEGIN CERTIFICATE REQUEST-----\n\(base64)\n-----END CERTIFICATE REQUEST-----\n"
        let error = try await rejection(bed, csr: tampered)
        #expect(error.code == .badCSRSignature)
        #expect(error.message.contains("bad signature"))
    }

    @Test(arguments: [
        (["-newkey", "rsa:1024"], "RSA-1024 key; at least 2048 bits are required"),
        (
            ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"],
            "ECDSA P-521 key; use ECDSA P-256, P-384 or RSA ≥ 2048"
        ),
        (["-newkey", "ed25519"], "key; use ECDSA P-256, P-384 or RSA ≥ 2048"),
    ])
    func weakOrUnsupportedKeys(_ key: [String], _ message: String) async throws {
        let bed = try await CATestBed()
        let error = try await rejection(bed, csr: bed.csr("lab", subject: "/CN=lab", key: key))
        #expect(error.code == .weakKey)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func csrClaimingAnotherPartner() async throws {
        let bed = try await CATestBed()
        let error = try await rejection(
            bed, partner: "northside-lab", csr: bed.csr("x", subject: "/O=Evil/CN=riverside-clinic"))
        #expect(error.code == .subjectMismatch)
        #expect(
            error.message
                == "the CSR of northside-lab claims CN=riverside-clinic: a partner's CSR must name itself (CN=northside-lab) or leave CN out"
        )
    }

    @Test func csrAskingForAnotherPartnersURI() async throws {
        let bed = try await CATestBed()
        let result = try ExternalTool.run(
            "openssl",
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", bed.directory.path("k.pem"), "-subj", "/CN=northside-lab",
                "-addext", "subjectAltName=URI:urn:onboard:partner:st-marys:riverside-clinic",
                "-out", bed.directory.path("san.csr.pem"),
            ])
        #expect(result.status == 0, "\(result.output)")
        let error = try await rejection(bed, partner: "northside-lab", csr: bed.directory.read("san.csr.pem"))
        #expect(error.code == .subjectMismatch)
        #expect(error.message.contains("urn:onboard:partner:st-marys:riverside-clinic"))
    }
}
