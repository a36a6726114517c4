import Foundation

/// onboard's benchmarks. Run them in a release build:
///     swift run -c release onboard-bench validate [--partners 10000] [--iterations 5]
///     swift run -c release onboard-bench issue [--count 20000] [--iterations 5]
///     swift run -c release onboard-bench plan [--partners 10000] [--iterations 3] [--state-url postgres://…]
///     swift run -c release onboard-bench generate --partners N --out DIR   (for scripts/bench/live-scale.py)
///     onboard-bench openbao-issue --csrs DIR --count 1000 --concurrency 8  (for scripts/bench/openbao-issue.py)
let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [String: ([String]) async throws -> Void] = [
    "validate": ValidateBenchmark.run,
    "issue": IssueBenchmark.run,
    "plan": PlanBenchmark.run,
    "generate": GenerateCommand.run,
    "openbao-issue": OpenBaoIssueBenchmark.run,
]
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    print("usage: onboard-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [options]")
    exit(2)
}
do {
    try await benchmark(Array(arguments.dropFirst()))
} catch {
    print("onboard-bench: \(error)")
    exit(1)
}
