import Foundation

/// Runs the project's JSON Schemas through Python's `jsonschema` (scripts/schema-check.py), an independent validator.
public enum SchemaChecker {
    public struct Verdict: Decodable, Sendable {
        public let file: String
        public let valid: Bool
        public let errors: [String]
    }

    public enum Failure: Error, CustomStringConvertible {
        case noPython(String)
        case failed(String)

        public var description: String {
            switch self {
            case .noPython(let path): "no Python with jsonschema at \(path): run scripts/test, which installs it"
            case .failed(let output): "schema-check.py failed: \(output)"
            }
        }
    }

    /// The interpreter the tests use: ONBOARD_TEST_PYTHON, else the project's .venv.
    public static var python: String {
        ProcessInfo.processInfo.environment["ONBOARD_TEST_PYTHON"]
            ?? Repository.root.appendingPathComponent(".venv/bin/python3").path
    }

    /// Verdicts for files given relative to `root`, keyed by that relative path.
    public static func check(_ files: [String], in root: URL) throws -> [String: Verdict] {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw Failure.noPython(python) }
        let result = try ExternalTool.run(
            python,
            [Repository.root.appendingPathComponent("scripts/schema-check.py").path, Repository.schemas.path] + files,
            in: root
        )
        guard result.status == 0 else { throw Failure.failed(result.output) }
        let data = Data(result.output.utf8)
        var verdicts: [String: Verdict] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let verdict = try JSONDecoder().decode(Verdict.self, from: Data(line.utf8))
            verdicts[verdict.file] = verdict
        }
        return verdicts
    }
}
