import Foundation
import OnboardCore
import OnboardSystem

/// The partner gateway on a live nginx: the generated configuration (and its token-check script beside it) is written
/// where nginx includes it, checked with `nginx -t`, and nginx reloaded; when the check or the reload fails the previous
/// files are put back (and nginx reloaded with them), so a bad apply never leaves the gateway without a working
/// configuration.
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

    /// The script sits beside the configuration (nginx includes only `*.conf`, so it is never read as configuration).
    public var scriptPath: String { Self.scriptPath(beside: configPath) }

    public static func scriptPath(beside configPath: String) -> String {
        URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(GatewayScript.fileName).path
    }

    public func currentFiles() async throws -> GatewayFiles? {
        guard let configuration = read(configPath) else { return nil }
        return GatewayFiles(configuration: configuration, script: read(scriptPath) ?? "")
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    public func apply(_ files: GatewayFiles) async throws {
        let previous = (configuration: read(configPath), script: read(scriptPath))
        do {
            try write(files.script, to: scriptPath)
            try write(files.configuration, to: configPath)
            try await run(testCommand, "nginx -t refused the generated configuration")
            try await reloadAndWait("nginx did not reload")
        } catch {
            restore(previous.script, at: scriptPath)
            restore(previous.configuration, at: configPath)
            try? await run(reloadCommand, "nginx did not reload the previous configuration")
            throw OnboardError(.rejected, "\(error); the previous gateway configuration is back in place")
        }
    }

    private func restore(_ text: String?, at path: String) {
        if let text { try? write(text, to: path) } else { try? FileManager.default.removeItem(atPath: path) }
    }

    public func reload() async throws {
        guard FileManager.default.fileExists(atPath: configPath) else { return }
        try await run(testCommand, "nginx -t refused the configuration with the new CRL")
        try await reloadAndWait("nginx did not reload with the new CRL")
    }

    private func reloadAndWait(_ failure: String) async throws {
        let master = pidFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let previous = master.map(Self.children) ?? []
        try await run(reloadCommand, failure)
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
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).onboard-new")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, path) == 0 else {
            throw OnboardError(.configuration, "cannot write the gateway file \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func run(_ command: [String], _ failure: String) async throws {
        guard let executable = command.first else { return }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(command, workingDirectory: workingDirectory)
        } catch {
            throw OnboardError(.configuration, "\(failure): cannot run \(executable): \(error)")
        }
        guard outcome.succeeded else {
            let detail = outcome.errorOutput.split(separator: "\n")
                .filter { !$0.contains("test failed") && !$0.contains("syntax is ok") }.joined(separator: "; ")
            throw OnboardError(.rejected, "\(failure) (exit \(outcome.status)): \(detail)")
        }
    }
}
