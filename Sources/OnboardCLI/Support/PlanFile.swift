import Foundation
import OnboardCore

/// Saved plans (`plan --out`): the versioned plan document as JSON, owner-only.
enum PlanFile {
    static func write(_ plan: Plan, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(plan)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure("cannot write the plan to \(url.path)", code: .artifact)
        }
    }

    static func read(_ url: URL) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandFailure("no plan file at \(url.path)", code: .usage)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Plan.self, from: data)
        } catch {
            throw CommandFailure("\(url.path) is not an onboard plan file: \(error)", code: .unsupportedPlan)
        }
    }
}
