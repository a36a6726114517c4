import ArgumentParser
import OnboardCore

/// `onboard state reseal`: seals every secret in state anew with the key in `state.sealKeyEnv`, opening each with it
/// or with the key being rotated out (`<sealKeyEnv>_PREVIOUS`). Holds the state lock; changes nothing on the platform.
struct StateResealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal",
        abstract: "Seal every secret in state anew with the current state key.",
        discussion:
            "To rotate the state key: put the new key in the variable state.sealKeyEnv names and the old one in the same name with _PREVIOUS, run `onboard state reseal`, then drop the old key."
    )

    @OptionGroup var repository: RepositoryOptions

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            guard let variable = context.deployment.state.sealKeyEnv else {
                throw OnboardError.command(
                    "state.sealKeyEnv is not set in onboard.yaml: state keeps no sealed secret", code: .usage)
            }
            let sealer = try LiveTargets(
                deployment: context.deployment, environment: context.environment, root: context.root
            ).sealer()
            let store = try context.stateStore()
            let lock = try await store.lock(await Operator.holder("state reseal", context: context))
            do {
                let count = try await StateResealing.reseal(store, with: sealer)
                await lock.release()
                Console.out("sealed \(count) secrets anew with the key in \(variable)")
            } catch {
                await lock.release()
                throw error
            }
        }
    }
}
