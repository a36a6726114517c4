import Foundation
import OnboardCore
import OnboardPlatform

/// Where a run's time went, for `--verbose` and the JSON plan: seconds per phase and the requests each live server
/// answered.
struct RunTimings: CustomStringConvertible {
    let phases: [(name: String, seconds: Double)]
    let answers: [(server: String, count: Int)]

    init(_ phases: [(name: String, seconds: Double)], network: NetworkRun) {
        self.phases = phases
        self.answers = network.answers
    }

    var description: String {
        let times = phases.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
        let requests =
            answers.isEmpty ? "no live server" : answers.map { "\($0.server) \($0.count)" }.joined(separator: ", ")
        return "time: \(times); requests answered: \(requests)"
    }

    var json: JSONValue {
        [
            "phases": .array(
                phases.map { ["name": .string($0.name), "seconds": .number(($0.seconds * 1000).rounded() / 1000)] }),
            "requests": .object(
                Dictionary(
                    answers.map { ($0.server, .number(Double($0.count))) }, uniquingKeysWith: { first, _ in first })),
        ]
    }
}
