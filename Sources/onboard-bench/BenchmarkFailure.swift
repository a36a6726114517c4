/// A benchmark could not produce a meaningful figure (its setup was invalid or its result wrong).
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}
