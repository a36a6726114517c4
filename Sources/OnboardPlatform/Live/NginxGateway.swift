import Foundation
import OnboardCore
import OnboardSystem

/// The partner gateway on a live nginx: the generated configuration is written where nginx includes it, with its
/// token-check script and its trust files (partner CA chain, CRL) beside it — so nothing nginx reads lives in the
/// checkout of whoever ran onboard (a CI runner's workspace is gone after the job) — then checked with `nginx -t`, and
/// nginx reloaded; when the check or the reload fails the previous files are put back (and nginx reloaded with them),
/// so a bad apply never leaves the gateway without a working configuration.
public struct NginxGateway: GatewayTarget {
    /// The file nginx includes (e.g. `/etc/nginx/conf.d/onboard-partners.conf`).
    public let configPath: String
    /// Checks the whole nginx configuration (`nginx -t`, with `-p`/`-c` when nginx runs under its own prefix).
    public let testCommand: [String]
    /// Makes the running nginx read its configuration again (`nginx -s reload`).
    public let reloadCommand: [String]
    /// Where the commands run (relative paths in them are relative to it).
    public let workingDirectory: String?
    /// nginx's pid file: when given, a reload waits until the workers of the previous configuration have gone, so the
    /// new configuration (a new partner, a new CRL) is in force when apply returns.
    public let pidFile: String?

    public init(
        configPath: String, testCommand: [String], reloadCommand: [String], workingDirectory: String? = nil,
        pidFile: String? = nil
    ) {
        self.workingDirectory = workingDirectory
        self.pidFile = pidFile
        self.configPath = configPath
        self.testCommand = testCommand
        self.reloadCommand = reloadCommand
    }

    /// The files beside the configuration (nginx includes only `*.conf`, so none is read as configuration).
    public enum Beside: Sendable {
        case script, caChain, crl

        var fileName: String {
            switch self {
            case .script: GatewayScript.fileName
            case .caChain: "onboard-partner-ca-chain.pem"
            case .crl: "onboard-partners.crl.pem"
            }
        }
    }

    public static func path(_ file: Beside, besideConfig configPath: String) -> String {
        URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(file.fileName).path
    }

    public func path(_ file: Beside) -> String { Self.path(file, besideConfig: configPath) }

    public func currentFiles() async throws -> GatewayFiles? {
        guard let configuration = read(configPath) else { return nil }
        return GatewayFiles(configuration: configuration, script: read(path(.script)) ?? "")
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func apply(_ files: GatewayFiles) async throws {
        var writes = [(path(.script), files.script), (path(.caChain), files.caChain)]
        if let crl = files.crl { writes.append((path(.crl), crl)) }
        writes.append((configPath, files.configuration))
        try await install(writes, failure: "refused the generated configuration")
    }

    public func install(crl: String) async throws {
        guard FileManager.default.fileExists(atPath: configPath) else { return }
        try await install([(path(.crl), crl)], failure: "refused the configuration with the new CRL")
    }

    /// Writes files, checks and reloads; on any failure puts every previous file back (removing new ones) and reloads.
    private func install(_ writes: [(path: String, text: String)], failure: String) async throws {
        let previous = writes.map { (path: $0.path, text: read($0.path)) }
        do {
            for write in writes { try self.write(write.text, to: write.path) }
            try await run(testCommand, setting: "testCommand", failure)
            try await reloadAndWait("did not reload nginx")
        } catch {
            for file in previous {
                if let text = file.text {
                    try? write(text, to: file.path)
                } else {
                    try? FileManager.default.removeItem(atPath: file.path)
                }
            }
            try? await run(reloadCommand, setting: "reloadCommand", "did not reload the previous configuration")
            throw OnboardError(.rejected, "\(error); the previous gateway configuration is back in place")
        }
    }

    private func reloadAndWait(_ failure: String) async throws {
        let master = pidFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let previous = master.map(Self.children) ?? []
        try await run(reloadCommand, setting: "reloadCommand", failure)
        let deadline = Date().addingTimeInterval(5)
        while previous.contains(where: { kill($0, 0) == 0 }), Date() < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// The worker processes of an nginx master (Linux /proc).
    static func children(of master: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == master
        }
    }

    private func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try AtomicFile.write(path, Array(text.utf8), mode: 0o644)
        } catch {
            throw OnboardError(.configuration, "cannot write the gateway file \(path): \(error.message)")
        }
    }

    /// Runs the gateway's `setting` command; a failure names the command as configured, what it printed on standard
    /// error (or that it printed nothing), and its exit status.
    private func run(_ command: [String], setting: String, _ failure: String) async throws {
        guard let executable = command.first else { return }
        let named = "targets.gateway.\(setting) (\(command.joined(separator: " ")))"
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(command, workingDirectory: workingDirectory)
        } catch {
            throw OnboardError(.configuration, "\(named) \(failure): cannot run \(executable): \(error)")
        }
        guard outcome.succeeded else {
            let detail = outcome.errorOutput.split(separator: "\n")
                .filter { !$0.contains("test failed") && !$0.contains("syntax is ok") }.joined(separator: "; ")
            throw OnboardError(
                .rejected,
                "\(named) \(failure) (exit \(outcome.status))"
                    + (detail.isEmpty ? " and printed nothing" : ": \(detail)")
            )
        }
    }
}
