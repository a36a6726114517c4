import Foundation
import OnboardCore
import OnboardSpec
import OnboardSystem

/// One edit of a partner file by `onboard grant`: the file is read, edited by line, checked as `onboard validate`
/// would check it once written — and written only when that check passes, so a refused edit loses nothing.
struct GrantFileEdit {
    let root: URL
    let partner: String
    let network: PartnerNetwork

    init(root: String, partner: String) throws {
        self.root = URL(fileURLWithPath: root).standardizedFileURL
        self.partner = partner
        let result = NetworkLoader(tree: LocalSourceTree(root: self.root)).load()
        guard result.network.partners.contains(where: { $0.id == partner }) else {
            throw OnboardError.command(
                "no valid partner \(partner) under Partners/ (run onboard validate)", code: .usage,
                diagnostics: result.diagnostics.filter { $0.location.file == Self.file(partner) })
        }
        self.network = result.network
    }

    static func file(_ partner: String) -> String { "\(NetworkLoader.partnersDirectory)/\(partner).yaml" }

    var file: String { Self.file(partner) }

    var current: Partner { network.partners.first { $0.id == partner }! }

    func text() throws -> String {
        guard let text = try LocalSourceTree(root: root).read(file) else {
            throw OnboardError.command("\(file) does not exist", code: .usage)
        }
        return text
    }

    /// Checks `edited` as the partner file and writes it; problems in it are reported at its lines, nothing written.
    func write(_ edited: String) throws {
        let tree = OverlaySourceTree(base: LocalSourceTree(root: root), path: file, text: edited)
        let result = NetworkLoader(tree: tree).load()
        let problems = result.diagnostics.filter { $0.severity == .error && $0.location.file == file }
        guard problems.isEmpty else {
            throw OnboardError.command(
                "the grant does not fit \(file); nothing was written", code: .invalidFiles, diagnostics: problems)
        }
        do {
            try AtomicFile.replace(root.appendingPathComponent(file).path, Array(edited.utf8), mode: 0o644)
        } catch {
            throw OnboardError(.storage, "cannot write \(file): \(error)")
        }
    }
}
