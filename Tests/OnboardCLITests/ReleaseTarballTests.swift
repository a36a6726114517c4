import Foundation
import OnboardTestSupport
import Testing

/// The release scripts/release writes (`dist/`, made before the suite by scripts/test): from the tarball alone, in a
/// clean directory and an empty environment with no Swift toolchain on PATH, `onboard init` starts a network that
/// validates, applies on the embedded platform and converges; the binary links no Swift or Foundation library; the
/// checksum verifies with `sha256sum -c`; the SBOM lists every package of Package.resolved with its version and
/// licence.
@Suite(.serialized) struct ReleaseTarballTests {
    @Test func fromTheTarballAloneANewNetworkValidatesAppliesAndConverges() throws {
        let release = try ReleaseTarball()
        let clean = try TemporaryDirectory()
        let binary = try release.unpack(into: clean.url)
        let root = binary.deletingLastPathComponent().deletingLastPathComponent()
        let onboard = binary.path
        let work = clean.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        func run(_ arguments: [String], in directory: URL, _ extra: [String] = []) throws -> ExternalTool.Result {
            try ExternalTool.run(
                "env", ["-i", "PATH=/usr/bin:/bin", "HOME=\(work.path)"] + extra + [onboard] + arguments, in: directory)
        }
        // The tarball is of the code under test: the same version and commit as the debug build.
        let version = try run(["--version"], in: work)
        let tested = try OnboardBinary.run(["--version"], in: work).output
        #expect(version.output == tested, "the tarball is of another commit: \(version.output) vs \(tested)")
        #expect(
            try run(["init", "net", "--hospital-name", "St Elsewhere", "--deployment", "st-elsewhere"], in: work)
                .status == 0)
        let net = work.appendingPathComponent("net")
        let secret = ["ONBOARD_CA_PASSPHRASE=release-test-passphrase"]
        #expect(try run(["validate"], in: net).status == 0)
        let applied = try run(["apply", "--auto-approve"], in: net, secret)
        #expect(applied.status == 0, "\(applied.output)")
        let planned = try run(["plan", "--detailed-exitcode"], in: net, secret)
        #expect(planned.status == 0, "\(planned.output)")
        for file in [
            "share/doc/onboard/THIRD-PARTY-LICENSES", "share/man/man1/onboard.1",
            "share/bash-completion/completions/onboard", "share/zsh/site-functions/_onboard",
            "share/fish/vendor_completions.d/onboard.fish", "README",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
        }

        // No Swift runtime, no Foundation: the C library, what a Debian or Ubuntu base has, and SQLite (libsqlite3-0,
        // which the Containerfile installs on its slim base).
        let ldd = try ExternalTool.run("ldd", [onboard]).output
        #expect(!ldd.lowercased().contains("swift") && !ldd.contains("Foundation"), "\(ldd)")
        #expect(!ldd.contains("not found"), "\(ldd)")
        let libraries = Set(ldd.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
            .map { $0.replacingOccurrences(of: "\t", with: "") }
        let base: Set<String> = [
            "linux-vdso.so.1", "/lib64/ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libgcc_s.so.1",
            "libstdc++.so.6", "libz.so.1", "libsqlite3.so.0",
        ]
        #expect(
            Set(libraries).isSubset(of: base), "libraries beyond a Debian base: \(Set(libraries).subtracting(base))")
        let readme = try String(contentsOf: root.appendingPathComponent("README"), encoding: .utf8)
        #expect(readme.contains("libsqlite3-0"), "\(readme)")
    }

    @Test func theChecksumVerifiesAndTheSBOMListsEveryResolvedPackage() throws {
        let release = try ReleaseTarball()
        let checked = try ExternalTool.run(
            "sha256sum", ["-c", release.tarball.lastPathComponent + ".sha256"], in: release.directory)
        #expect(checked.status == 0 && checked.output.contains(": OK"), "\(checked.output)")

        let sbom =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: release.directory.appendingPathComponent("onboard-\(release.version).cdx.json")))
            as? [String: Any] ?? [:]
        #expect(sbom["bomFormat"] as? String == "CycloneDX")
        let resolved =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Repository.root.appendingPathComponent("Package.resolved"))) as? [String: Any]
            ?? [:]
        let pins = (resolved["pins"] as? [[String: Any]] ?? []).map { pin -> (String, String) in
            let state = pin["state"] as? [String: Any] ?? [:]
            return (pin["identity"] as? String ?? "", state["version"] as? String ?? state["revision"] as? String ?? "")
        }
        let components = sbom["components"] as? [[String: Any]] ?? []
        #expect(pins.count > 10)
        #expect(Set(components.compactMap { $0["name"] as? String }) == Set(pins.map(\.0)))
        for (identity, version) in pins {
            let component = components.first { $0["name"] as? String == identity } ?? [:]
            #expect(component["version"] as? String == version, "\(identity)")
            let licences = (component["licenses"] as? [[String: Any]] ?? []).compactMap {
                ($0["license"] as? [String: Any])?["id"] as? String
            }
            let expressions = (component["licenses"] as? [[String: Any]] ?? []).compactMap {
                $0["expression"] as? String
            }
            #expect(!licences.isEmpty || !expressions.isEmpty, "\(identity) has no licence")
            #expect((component["purl"] as? String)?.hasPrefix("pkg:swift/github.com/") == true, "\(identity)")
        }
    }
}

/// The container image definition, tested by what runs on a machine without a container engine: its final stage is
/// Debian slim with a non-root user and copies nothing of onboard's but the tarball's binary, from the path the
/// tarball really has; and that binary runs as that user.
@Suite struct ContainerfileTests {
    @Test func theImageHoldsTheTarballsBinaryOnlyAndRunsItAsANonRootUser() throws {
        let containerfile = try String(
            contentsOf: Repository.root.appendingPathComponent("Containerfile"), encoding: .utf8)
        let lines = containerfile.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(lines.contains("ARG BASE=docker.io/library/debian:bookworm-slim"))
        let final = try #require(lines.lastIndex { $0.hasPrefix("FROM ") })
        #expect(lines[final] == "FROM ${BASE}")
        let stage = Array(lines[final...])
        #expect(
            stage.filter { $0.hasPrefix("COPY") } == [
                "COPY --from=unpack /opt/onboard/bin/onboard /usr/local/bin/onboard"
            ])
        #expect(stage.contains("USER 10001:10001"))
        #expect(stage.contains("ENTRYPOINT [\"/usr/local/bin/onboard\"]"))
        #expect(containerfile.contains("COPY dist/onboard-${VERSION}-linux-${ARCH}.tar.gz /tmp/onboard.tar.gz"))
        #expect(containerfile.contains("tar -xzf /tmp/onboard.tar.gz -C /opt/onboard --strip-components 1"))
        #expect(containerfile.contains("--no-install-recommends ca-certificates libsqlite3-0"))

        // The unpack stage's command on the real tarball, then the binary as uid 10001.
        let release = try ReleaseTarball()
        let opt = try TemporaryDirectory()
        let unpacked = try ExternalTool.run(
            "tar", ["-xzf", release.tarball.path, "-C", opt.url.path, "--strip-components", "1"])
        #expect(unpacked.status == 0, "\(unpacked.output)")
        let binary = opt.url.appendingPathComponent("bin/onboard").path
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opt.url.path)
        // As uid 10001 where the suite runs as root (CI does); as the suite's own user otherwise.
        let run =
            getuid() == 0
            ? try ExternalTool.run(
                "setpriv", ["--reuid=10001", "--regid=10001", "--clear-groups", binary, "--version"], in: opt.url)
            : try ExternalTool.run(binary, ["--version"], in: opt.url)
        #expect(run.status == 0 && run.output.hasPrefix(release.version), "\(run.output)")
    }
}
