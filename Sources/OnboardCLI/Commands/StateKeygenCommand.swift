import ArgumentParser
import OnboardPKI

/// `onboard state keygen`: prints a new state key (256 random bits, base64url) for the variable `state.sealKeyEnv`
/// names — to store in the CI's secret store, never in the repository.
struct StateKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Print a new random state key for state.sealKeyEnv.",
        discussion:
            "The key seals registration access tokens in state. Keep it in a secret store; with it lost, onboard cannot manage the clients it registered."
    )

    func run() async throws {
        Console.out(StateSealer.generateKey())
    }
}
