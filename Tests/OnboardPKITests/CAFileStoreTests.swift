import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// The CA's directory: every file owner-only and replaced whole, and what a run killed between writing and renaming
/// left (`.<name>.tmp-<pid>`) cleared by the next change once that process is gone — the CA directory is never
/// listed, so nothing else would ever notice it.
@Suite struct CAFileStoreTests {
    @Test func filesAreOwnerOnlyReplacedWholeAndLeaveNoTemporary() async throws {
        let directory = try TemporaryDirectory()
        let store = DirectoryCAFiles(directory: directory.url.appendingPathComponent("ca"))
        try await store.withLock { () async throws(OnboardError) in
            try await store.write("inventory.json", Array("one".utf8))
            try await store.write("inventory.json", Array("two".utf8))
        }
        #expect(try await store.read("inventory.json") == Array("two".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("ca")).sorted() == [
                ".lock", "inventory.json",
            ])
        let file = try FileManager.default.attributesOfItem(atPath: directory.path("ca/inventory.json"))
        #expect(file[.posixPermissions] as? Int == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path("ca"))
        #expect(folder[.posixPermissions] as? Int == 0o700)
    }

    @Test func aKilledRunsTemporaryIsClearedByTheNextChange() async throws {
        let directory = try TemporaryDirectory()
        let store = DirectoryCAFiles(directory: directory.url.appendingPathComponent("ca"))
        try await store.write("inventory.json", Array("{}".utf8))
        let dead = ".inventory.json.tmp-\(try DeadProcess.identifier())"
        let alive = ".crl.pem.tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try directory.write("ca/\(dead)", "half an inventory")
        try directory.write("ca/\(alive)", "in progress")
        try await store.withLock { () async throws(OnboardError) in }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("ca")).sorted() == [
                alive, ".lock", "inventory.json",
            ])
    }
}
