import Crypto
import Foundation
import OnboardCore

/// Seals secrets for state with AES-256-GCM under a key derived (HKDF-SHA256) from a passphrase held in the
/// environment, so a copy of the state file alone reveals no registration access token. Sealed form:
/// `sealed:v1:<base64 nonce|ciphertext|tag>`.
public struct StateSealer: SecretSealer {
    private let key: SymmetricKey
    private let variable: String
    static let prefix = "sealed:v1:"

    public init(passphrase: String, variable: String) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(passphrase.utf8)), salt: Data("onboard state".utf8),
            info: Data("registration secrets v1".utf8), outputByteCount: 32
        )
        self.variable = variable
    }

    public func seal(_ plaintext: String) async throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw OnboardError(.configuration, "cannot seal a secret for state") }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ sealed: String) async throws -> String {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))) else {
            throw OnboardError(.configuration, "state holds a secret in a form this onboard cannot open")
        }
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
        } catch {
            throw OnboardError(.configuration, "the state key in \(variable) does not open the secrets in state (was it changed?)")
        }
    }
}
