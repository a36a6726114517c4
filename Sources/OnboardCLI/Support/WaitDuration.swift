import ArgumentParser
import Foundation

/// A length of time on the command line: a number with `s`, `m` or `h` (`30s`, `10m`, `1h`); a bare number is seconds.
struct WaitDuration: ExpressibleByArgument, Sendable {
    let seconds: TimeInterval
    /// As written on the command line.
    let text: String

    init?(argument: String) {
        text = argument
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600]
        let unit = argument.last.flatMap { units[$0] }
        guard let value = TimeInterval(unit == nil ? argument : String(argument.dropLast())), value >= 0, value.isFinite
        else {
            return nil
        }
        seconds = value * (unit ?? 1)
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
