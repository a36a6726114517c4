import Foundation
import OnboardPlatform

/// Says what a run is doing when it has printed nothing for a while (a refresh of thousands of resources, a slow
/// server): one line on standard error naming the answers each live server has given so far, so an operator or a CI
/// log can tell a long refresh from a hang. Standard error keeps `--json` output clean.
enum SilenceReporter {
    /// Seconds of silence before a line; `ONBOARD_PROGRESS_SECONDS` changes it (default 10).
    static func interval(_ environment: [String: String]) -> Double {
        environment["ONBOARD_PROGRESS_SECONDS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 10
    }

    static func whileRunning<T>(
        _ network: NetworkRun, environment: [String: String], _ body: () async throws -> T
    ) async throws -> T {
        let interval = interval(environment)
        let started = ContinuousClock.now
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(interval * 250)))
                guard !Task.isCancelled, Console.silence >= interval else { continue }
                let answers = network.answers.map { "\($0.server) \($0.count)" }.joined(separator: ", ")
                let elapsed = (ContinuousClock.now - started).components.seconds
                Console.error(
                    "… still working after \(elapsed) s; answers so far: \(answers.isEmpty ? "none" : answers)")
            }
        }
        defer { reporter.cancel() }
        return try await body()
    }
}
