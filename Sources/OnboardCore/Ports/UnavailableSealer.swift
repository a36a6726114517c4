/// The sealer when no state key is configured: the embedded platform never hands back a secret, so asking for one
/// means a live target is configured without `state.sealKeyEnv`.
public struct UnavailableSealer: SecretSealer {
    public init() {}

    public func seal(_ plaintext: String) async throws -> String {
        throw OnboardError(
            .configuration,
            "a platform handed back a secret to keep, and no state key is configured: set state.sealKeyEnv in onboard.yaml"
        )
    }

    public func open(_ sealed: String) async throws -> String {
        throw OnboardError(
            .configuration,
            "state holds a sealed secret, and no state key is configured: set state.sealKeyEnv in onboard.yaml")
    }
}
