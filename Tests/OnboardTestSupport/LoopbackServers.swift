import Foundation

/// Servers a test starts on 127.0.0.1 (openssl s_server, nginx, an upstream HTTP server), stopped when the test ends.
public final class LoopbackServers: @unchecked Sendable {
    private var processes: [Process] = []

    public init() {}

    public func start(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        processes.append(process)
    }

    public func stopAll() {
        for process in processes where process.isRunning {
            // SIGKILL: the test runner's blocked signal mask is inherited, so SIGTERM may never arrive.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        processes = []
    }

    deinit { stopAll() }

    /// A Python HTTP server on `port`: `handler` is the body of a `BaseHTTPRequestHandler` subclass (its `do_*`
    /// methods, indented by four spaces; empty answers 501 to everything); with `tls` (certificate and key files) it
    /// serves HTTPS. Returns once the port accepts connections.
    public func startPythonHTTP(port: Int, handler: String = "", tls: (certificate: String, key: String)? = nil) throws
    {
        let wrap =
            tls.map {
                """
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain("\($0.certificate)", "\($0.key)")
                server.socket = context.wrap_socket(server.socket, server_side=True)
                """
            } ?? ""
        try start(
            [
                "python3", "-c",
                """
                import http.server, ssl
                class Handler(http.server.BaseHTTPRequestHandler):
                \(handler)
                    def log_message(self, *args): pass
                server = http.server.ThreadingHTTPServer(("127.0.0.1", \(port)), Handler)
                \(wrap)
                server.serve_forever()
                """,
            ], in: Repository.root)
        guard try Self.waitForPort(port) else {
            throw ServerFailure(description: "the Python server on \(port) did not start")
        }
    }

    struct ServerFailure: Error, CustomStringConvertible { let description: String }

    /// Waits up to 5 s until something accepts connections on the port.
    public static func waitForPort(_ port: Int) throws -> Bool {
        for _ in 0..<100 {
            if try ExternalTool.run("bash", ["-c", "exec 3<>/dev/tcp/127.0.0.1/\(port)"]).status == 0 { return true }
            usleep(50_000)
        }
        return false
    }
}
