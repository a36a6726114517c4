import ArgumentParser
import Foundation
import OnboardCore

/// `onboard show`: what is applied — partners, their artifacts, certificate expiry, and the last apply.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the partners as applied: artifacts, certificate expiry, last apply."
    )

    @OptionGroup var repository: RepositoryOptions

    func run() async throws {
        try await FailureReporting.run {
            let context = try RepositoryContext.load(repository)
            let snapshot = try await context.stateStore().snapshot()
            let certificates = (try? await context.certificateAuthority.inventory()) ?? []
            Console.out(
                StateReport.render(
                    snapshot, network: context.result.network, certificates: certificates, now: context.clock.now()
                ))
            Console.out(
                "\nstate: \(context.stateDescription); CA: \(context.caDescription)")
        }
    }
}
