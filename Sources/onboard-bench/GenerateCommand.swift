import Foundation

/// `onboard-bench generate --partners N --example DIR --out DIR`: the generated network the benchmarks use, kept in
/// a directory, for benchmarks that drive the `onboard` binary itself (scripts/bench/live-scale.py).
enum GenerateCommand {
    static func run(_ arguments: [String]) async throws {
        let options = BenchmarkOptions(arguments)
        let out = URL(fileURLWithPath: options.string("out", default: "onboard-generated"))
        let root = try await ValidateBenchmark.generate(
            partners: options.integer("partners", default: 1_000),
            from: URL(fileURLWithPath: options.string("example", default: "."))
        )
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.moveItem(at: root, to: out)
        print("generated \(out.path)")
    }
}
