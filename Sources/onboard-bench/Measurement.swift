import Foundation

/// Wall time of repeated runs and the process's peak resident memory.
enum Measurement {
    /// Seconds taken by `body`, measured with a monotonic clock.
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Peak resident set size of this process so far, in MiB (getrusage reports KiB on Linux).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Double(usage.ru_maxrss) / 1024 / 1024
        #endif
    }

    static func report(_ name: String, samples: [Double], extra: String = "") {
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        print(
            String(
                format: "%@: median %.3f s, min %.3f s, max %.3f s over %d runs; peak RSS %.1f MiB%@",
                name, median, sorted.first!, sorted.last!, samples.count, peakResidentMiB(), extra
            ))
    }
}
