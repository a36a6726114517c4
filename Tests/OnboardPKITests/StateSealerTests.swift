import Crypto
import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// Registration access tokens sealed for state: a random salt beside each value and a slow key derivation, values
/// of earlier versions still open, and weak keys refused.
@Suite struct StateSealerTests {
    static let key = "unit-test-state-key-Qw3Er5Ty7Ui9Op1As"

    @Test func sealedValuesCarryTheirSaltAndOpen() async throws {
        let first = try StateSealer(passphrase: Self.key, variable: "ONBOARD_STATE_KEY")
        let sealed = try await first.seal("token-1")
        let parts = sealed.split(separator: ":")
        #expect(parts.count == 4 && parts[0] == "sealed" && parts[1] == "v2")
        #expect(Data(base64Encoded: String(parts[2]))?.count == 16, "a 16-byte salt")
        #expect(try await first.seal("token-2").split(separator: ":")[2] == parts[2], "one salt per run")
        let second = try StateSealer(passphrase: Self.key, variable: "ONBOARD_STATE_KEY")
        #expect(try await second.seal("token-1").split(separator: ":")[2] != parts[2], "a new salt in the next run")
        #expect(try await second.open(sealed) == "token-1", "another run opens it")
        let other = try StateSealer(passphrase: Self.key + "-other", variable: "ONBOARD_STATE_KEY")
        await #expect(throws: OnboardError.self) { try await other.open(sealed) }
    }

    @Test func valuesSealedByEarlierVersionsStillOpen() async throws {
        let legacyKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(Self.key.utf8)), salt: Data("onboard state".utf8),
            info: Data("registration secrets v1".utf8), outputByteCount: 32
        )
        let legacy =
            "sealed:v1:" + (try AES.GCM.seal(Data("old-token".utf8), using: legacyKey).combined!).base64EncodedString()
        #expect(try await StateSealer(passphrase: Self.key, variable: "K").open(legacy) == "old-token")
    }

    @Test func weakKeysAreRefused() {
        #expect(StateSealer.strengthProblem("x") != nil)
        #expect(StateSealer.strengthProblem(String(repeating: "password", count: 5)) != nil, "few distinct characters")
        #expect(StateSealer.strengthProblem(StateSealer.generateKey()) == nil)
        #expect(throws: OnboardError.self) { try StateSealer(passphrase: "short", variable: "ONBOARD_STATE_KEY") }
    }

    /// Rotation: the new key seals, the old one (`_PREVIOUS`) still opens until `reseal` moved every value over.
    @Test func aRotatedKeyOpensUntilResealed() async throws {
        let old = try StateSealer(passphrase: Self.key, variable: "K")
        let store = InMemoryStateStore()
        let address = ResourceAddress(partner: "lab", .client)
        try await store.save(
            ResourceRecord(
                address: address, platformID: "client-1", document: ["client_name": "Lab"],
                appliedAt: Date(timeIntervalSince1970: 0),
                sealed: try await old.seal("registration-token")
            ))
        let newKey = StateSealer.generateKey()
        let rotating = try StateSealer(passphrase: newKey, variable: "K", previous: Self.key)
        #expect(
            try await rotating.open(try #require(await store.snapshot().resources[address]?.sealed))
                == "registration-token")
        #expect(try await StateResealing.reseal(store, with: rotating) == 1)
        let resealed = try #require(await store.snapshot().resources[address])
        #expect(
            resealed.canonical == #"{"client_name":"Lab"}"# && resealed.platformID == "client-1", "nothing else changed"
        )
        #expect(
            try await StateSealer(passphrase: newKey, variable: "K").open(try #require(resealed.sealed))
                == "registration-token")
        await #expect(throws: OnboardError.self, "the old key opens nothing any more") {
            try await old.open(try #require(resealed.sealed))
        }
    }
}
