import Foundation
import OnboardTestSupport
import Testing

/// The engine and its adapters are async end to end: nothing in Sources may park a thread to wait for async work
/// (a semaphore, `.wait()` on a future, a sleeping thread, a blocking shutdown or process wait).
@Suite struct NoBlockingBridgeTests {
    static let forbidden = ["DispatchSemaphore", ".wait()", "Thread.sleep", "syncShutdown", "waitUntilExit"]

    /// Every `file:line: token` of `forbidden` in `text`, ignoring `//` comments.
    static func offences(in text: String, file: String) -> [String] {
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            for token in forbidden where code.contains(token) { found.append("\(file):\(number + 1): \(token)") }
        }
        return found
    }

    @Test func noBlockingBridgeInSources() throws {
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50, "the scan must see the sources")
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            offences += Self.offences(in: text, file: file)
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    @Test func theScanFindsEachForbiddenToken() {
        let text = """
            let s = DispatchSemaphore(value: 1)
            try future.wait()
            Thread.sleep(forTimeInterval: 1)
            try client.syncShutdown()
            process.waitUntilExit()
            // Thread.sleep in a comment is fine
            """
        #expect(Self.offences(in: text, file: "X.swift").count == 5)
    }
}
