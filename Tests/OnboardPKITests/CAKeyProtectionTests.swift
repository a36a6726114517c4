import Foundation
import OnboardCore
import OnboardPKI
import OnboardSystem
import OnboardTestSupport
import Testing

/// The CA's private keys on disk: encrypted, owner-only, useless without the passphrase.
@Suite struct CAKeyProtectionTests {
    @Test func keysAreEncryptedPKCS8ThatOnlyThePassphraseOpens() async throws {
        let bed = try await CATestBed()
        for key in ["root-ca.key.pem", "issuing-ca.key.pem"] {
            let path = bed.caFile + "/" + key
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let marker = ["-----BEGIN", "ENCRYPTED", "PRIVATE", "KEY-----"].joined(separator: " ")
            #expect(text.hasPrefix(marker))
            let right = try bed.openssl(["pkey", "-in", path, "-passin", "pass:\(CATestBed.passphrase)", "-noout"])
            #expect(right.status == 0, "\(right.output)")
            let wrong = try bed.openssl(["pkey", "-in", path, "-passin", "pass:wrong-passphrase", "-noout"])
            #expect(wrong.status != 0)
            let none = try bed.openssl(["pkey", "-in", path, "-passin", "pass:", "-noout"])
            #expect(none.status != 0)
        }
    }

    @Test func everyCAFileIsOwnerOnly() async throws {
        let bed = try await CATestBed()
        let files = try FileManager.default.contentsOfDirectory(atPath: bed.caFile)
        #expect(files.contains("root-ca.key.pem"))
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: bed.caFile + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
        let directory = try FileManager.default.attributesOfItem(atPath: bed.caFile)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
    }

    @Test func withoutPassphraseNothingIsSigned() async throws {
        let bed = try await CATestBed()
        let locked = FileCertificateAuthority(
            directory: bed.directory.url.appendingPathComponent("ca"), passphrase: nil, clock: SystemClock(),
            random: SystemRandomSource())
        await #expect { _ = try await locked.publishCRL() } throws: { error in
            let error = error as? OnboardError
            return error?.code == .passphraseMissing
                && error?.message.contains("ONBOARD_CA_PASSPHRASE is not set") == true
        }
        #expect(try await locked.inventory().isEmpty, "reading the inventory needs no passphrase")
    }

    @Test func wrongPassphraseIsAOneLineError() async throws {
        let bed = try await CATestBed()
        let wrong = FileCertificateAuthority(
            directory: bed.directory.url.appendingPathComponent("ca"), passphrase: "not-the-passphrase",
            clock: SystemClock(), random: SystemRandomSource())
        await #expect { _ = try await wrong.issue(bed.request("lab", csr: nil)) } throws: { error in
            let error = error as? OnboardError
            return error?.code == .wrongPassphrase && error?.message.contains("\n") == false
                && error?.message.contains("does not decrypt") == true
        }
    }

    @Test func refusesToOverwriteAnExistingCA() async throws {
        let bed = try await CATestBed()
        let before = try String(contentsOfFile: bed.rootPath, encoding: .utf8)
        await #expect { _ = try await bed.ca.initialize(organization: "Other", deployment: "other") } throws: {
            ($0 as? OnboardError)?.code == .alreadyInitialized
        }
        #expect(try String(contentsOfFile: bed.rootPath, encoding: .utf8) == before)
    }

    @Test func refusesToInitialiseWithoutPassphrase() async throws {
        let directory = try TemporaryDirectory()
        let ca = FileCertificateAuthority(
            directory: directory.url.appendingPathComponent("ca"), passphrase: nil, clock: SystemClock(),
            random: SystemRandomSource())
        await #expect { _ = try await ca.initialize(organization: "H", deployment: "h") } throws: {
            ($0 as? OnboardError)?.code == .passphraseMissing
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("ca")))
    }
}
