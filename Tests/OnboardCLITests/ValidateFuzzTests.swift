import Foundation
import OnboardTestSupport
import Testing

/// A short run of the validate fuzzer (`scripts/fuzz/validate-fuzz.py`) on every test run: mutated partner, template
/// and deployment files — explicit tags, alias bombs, deep nesting, a near-1 MB scalar, invisible characters, wrong
/// types — never crash onboard, never take 10 s or 300 MB, and every error is located. The full run (1,000 mutations)
/// is `scripts/fuzz/validate-fuzz.py .build/debug/onboard 1000`.
@Suite struct ValidateFuzzTests {
    @Test func mutatedFilesAreLocatedErrorsNeverCrashes() throws {
        let run = try ExternalTool.run(
            "python3",
            [
                Repository.root.appendingPathComponent("scripts/fuzz/validate-fuzz.py").path, OnboardBinary.url.path,
                "40", "7",
            ])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("40 mutated runs (seed 7): 0 failures"), "\(run.output)")
    }
}
