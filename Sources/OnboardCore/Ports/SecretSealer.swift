/// Seals the secrets onboard must keep between runs (RFC 7592 registration access tokens) so state never holds them
/// in plaintext; the key comes from the environment, never from a file in the repository.
public protocol SecretSealer: Sendable {
    func seal(_ plaintext: String) async throws -> String
    func open(_ sealed: String) async throws -> String
}
