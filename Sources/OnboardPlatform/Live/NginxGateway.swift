import Foundation
import OnboardCore

/// The partner gateway on a live nginx: the generated configuration is written where nginx includes it, checked with
/// `nginx -t`, and nginx reloaded; when the check or the reload fails the previous configuration is put back (and
/// nginx reloaded with it), so a bad apply never leaves the gateway without a working configuration.
public struct NginxGateway: GatewayTarget {
    /// The file nginx includes (e.g. `/etc/nginx/conf.d/onboard-partners.conf`).
    public let configPath: String
    /// Checks the whole nginx configuration (`nginx -t`, with `-p`/`-c` when nginx runs under its own prefix).
    public let testCommand: [String]
    /// Makes the running nginx read its configuration again (`nginx -s reload`).
    public let reloadCommand: [String]
    /// Where the commands run (relative paths in them are relative to it).
    public let workingDirectory: String?

    public init(configPath: String, testCommand: [String], reloadCommand: [String], workingDirectory: String? = nil) {
        self.workingDirectory = workingDirectory
        self.configPath = configPath
        self.testCommand = testCommand
        self.reloadCommand = reloadCommand
    }

    public func currentConfiguration() throws -> String? {
        FileManager.default.contents(atPath: configPath).map { String(decoding: $0, as: UTF8.self) }
    }

    public func apply(configuration: String) throws {
        let previous = try currentConfiguration()
        try write(configuration)
        do {
            try run(testCommand, "nginx -t refused the generated configuration")
            try run(reloadCommand, "nginx did not reload")
        } catch {
            if let previous { try write(previous) } else { try? FileManager.default.removeItem(atPath: configPath) }
            try? run(reloadCommand, "nginx did not reload the previous configuration")
            throw PlatformError(.rejected, "\(error); the previous gateway configuration is back in place")
        }
    }

    public func reload() throws {
        guard FileManager.default.fileExists(atPath: configPath) else { return }
        try run(testCommand, "nginx -t refused the configuration with the new CRL")
        try run(reloadCommand, "nginx did not reload with the new CRL")
    }

    private func write(_ text: String) throws {
        let url = URL(fileURLWithPath: configPath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).onboard-new")
        try Data(text.utf8).write(to: temporary)
        if FileManager.default.fileExists(atPath: configPath) {
            _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
        } else {
            try FileManager.default.moveItem(at: temporary, to: url)
        }
    }

    private func run(_ command: [String], _ failure: String) throws {
        guard let executable = command.first else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw PlatformError(.configuration, "\(failure): cannot run \(executable): \(error)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: output, as: UTF8.self).split(separator: "\n")
                .filter { !$0.contains("test failed") && !$0.contains("syntax is ok") }.joined(separator: "; ")
            throw PlatformError(.rejected, "\(failure) (exit \(process.terminationStatus)): \(detail)")
        }
    }
}
