import Foundation
import OnboardCore
import OnboardSystem

/// Saved plans (`plan --out`): the versioned plan document as JSON, owner-only.
enum PlanFile {
    static func write(_ plan: Plan, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(plan)
        do {
            try AtomicFile.write(url.path, Array(data), mode: 0o600)
        } catch {
            throw OnboardError.command("cannot write the plan to \(url.path): \(error.message)", code: .artifact)
        }
    }

    static func read(_ url: URL) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw OnboardError.command("no plan file at \(url.path)", code: .usage)
        }
        struct Version: Decodable { let formatVersion: Int }
        if let version = try? JSONDecoder().decode(Version.self, from: data),
            version.formatVersion != Plan.formatVersion
        {
            throw OnboardError.command(
                "\(url.path) is a plan of format version \(version.formatVersion); this onboard reads \(Plan.formatVersion): run plan again",
                code: .unsupportedPlan
            )
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Plan.self, from: data)
        } catch {
            throw OnboardError.command("\(url.path) is not an onboard plan file: \(error)", code: .unsupportedPlan)
        }
    }
}
