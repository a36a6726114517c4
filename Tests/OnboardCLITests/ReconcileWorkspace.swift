import Foundation
import OnboardTestSupport

/// A copy of the example network on which `onboard plan/apply` run as processes, with the CA passphrase set.
final class ReconcileWorkspace: @unchecked Sendable {
    static let environment = ["ONBOARD_CA_PASSPHRASE": "reconcile-test-passphrase"]
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    var root: URL { workspace.root }

    @discardableResult
    func onboard(_ arguments: [String]) throws -> OnboardBinary.Run {
        try OnboardBinary.run(arguments, in: root, environment: Self.environment)
    }

    /// Applies everything and checks it converged.
    func applyAll(_ extra: [String] = []) throws -> OnboardBinary.Run {
        try onboard(["apply", "--auto-approve"] + extra)
    }

    func plan(_ extra: [String] = []) throws -> OnboardBinary.Run {
        try onboard(["plan", "--detailed-exitcode"] + extra)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(read(path).utf8)) as? [String: Any] ?? [:]
    }

    func edit(_ path: String, _ transform: (String) -> String) throws {
        try workspace.edit(path, transform)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }
}
