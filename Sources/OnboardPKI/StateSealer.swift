import Crypto
import Foundation
import OnboardCore
import _CryptoExtras

/// Seals secrets for state with AES-256-GCM under a key derived from the state key held in the environment, so a copy
/// of the state alone reveals no registration access token. The key is derived with PBKDF2-HMAC-SHA256 (210,000
/// rounds) and a random salt kept beside each sealed value — `sealed:v2:<base64 salt>:<base64 nonce|ciphertext|tag>` —
/// so a stolen state cannot be attacked with one precomputed table and each guess costs as much as opening the CA
/// key. One salt serves every value sealed in one run (one derivation per run); opening derives once per salt.
/// Values sealed by earlier versions (`sealed:v1:`, HKDF with a fixed salt) still open, and are sealed anew as v2
/// when their resource is next written or by `onboard state reseal`. Rotation: the new key in the variable, the old
/// one in `<variable>_PREVIOUS`, then `onboard state reseal`; after it the old key opens nothing onboard keeps.
public actor StateSealer: SecretSealer {
    private let secret: [UInt8]
    /// The key being rotated out: it still opens, it never seals.
    private let previous: StateSealer?
    private let variable: String
    private var keys: [Data: SymmetricKey] = [:]
    private lazy var sealingSalt: Data = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })
    static let prefix = "sealed:v2:"
    static let legacyPrefix = "sealed:v1:"
    static let rounds = 210_000

    /// Fails for a key too weak to stand a guessing attack on a stolen state (see `strengthProblem`).
    public init(passphrase: String, variable: String, previous: String? = nil) throws(OnboardError) {
        if let problem = Self.strengthProblem(passphrase) {
            throw OnboardError(
                .configuration, "the state key in \(variable) \(problem); make one with `onboard state keygen`")
        }
        self.secret = Array(passphrase.utf8)
        self.variable = variable
        self.previous = previous.map { StateSealer(unchecked: $0, variable: variable + "_PREVIOUS") }
    }

    private init(unchecked passphrase: String, variable: String) {
        self.secret = Array(passphrase.utf8)
        self.variable = variable
        self.previous = nil
    }

    /// Why a state key is too weak, nil when it is not: at least 32 characters, at least 16 of them distinct (a
    /// word repeated or a short passphrase padded out is refused). `onboard state keygen` makes 256 random bits.
    public static func strengthProblem(_ key: String) -> String? {
        if key.count < 32 { return "is \(key.count) characters long; it must be at least 32" }
        if Set(key).count < 16 {
            return "has only \(Set(key).count) distinct characters; it must look random (at least 16)"
        }
        return nil
    }

    /// A new state key: 32 random bytes, base64url.
    public static func generateKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public func seal(_ plaintext: String) async throws -> String {
        let salt = sealingSalt
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: try key(salt))
        guard let combined = box.combined else { throw OnboardError(.configuration, "cannot seal a secret for state") }
        return Self.prefix + salt.base64EncodedString() + ":" + combined.base64EncodedString()
    }

    public func open(_ sealed: String) async throws -> String {
        do {
            return try openWithThisKey(sealed)
        } catch {
            guard let previous else { throw error }
            return try await previous.open(sealed)
        }
    }

    private func openWithThisKey(_ sealed: String) throws -> String {
        let key: SymmetricKey
        let data: Data?
        if sealed.hasPrefix(Self.prefix) {
            let parts = sealed.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let salt = Data(base64Encoded: String(parts[0])), salt.count >= 16 else {
                throw OnboardError(.configuration, "state holds a sealed secret without its salt")
            }
            key = try self.key(salt)
            data = Data(base64Encoded: String(parts[1]))
        } else if sealed.hasPrefix(Self.legacyPrefix) {
            key = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: secret), salt: Data("onboard state".utf8),
                info: Data("registration secrets v1".utf8), outputByteCount: 32
            )
            data = Data(base64Encoded: String(sealed.dropFirst(Self.legacyPrefix.count)))
        } else {
            throw OnboardError(.configuration, "state holds a secret in a form this onboard cannot open")
        }
        do {
            guard let data else { throw OnboardError(.configuration, "not base64") }
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
        } catch {
            throw OnboardError(
                .configuration, "the state key in \(variable) does not open the secrets in state (was it changed?)")
        }
    }

    private func key(_ salt: Data) throws -> SymmetricKey {
        if let key = keys[salt] { return key }
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: secret, salt: salt, using: .sha256, outputByteCount: 32, rounds: Self.rounds
        )
        keys[salt] = key
        return key
    }
}
