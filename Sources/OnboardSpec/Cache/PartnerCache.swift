import Foundation

/// Partners that loaded without a single diagnostic, kept between runs (`.onboard/cache/partners.bin`, owner-only)
/// with the exact text of every file each came from. A partner file whose text, template text and named files (CSR,
/// JWKS, adopted certificate) are byte for byte what they were is taken from here instead of being parsed and
/// checked again — the same inputs give the same partner, so the result is identical, only faster (a no-change plan
/// of 10,000 partners spends most of its loading time in YAML and the CSR/JWKS checks). Anything else — a changed
/// byte, another onboard build, a partner with warnings, an unreadable or corrupt cache — goes the full way, and the
/// cache is rewritten. Deleting the file is always safe.
public struct PartnerCache: Sendable {
    public let url: URL
    /// Identifies the onboard build: a cache written by another build is ignored, since its checks may differ.
    public let build: String
    /// Replaces the cache file with these bytes, owner-only: the CLI's `AtomicFile`, whose temporary a killed run
    /// leaves under a name a later run sweeps (this target writes no file of its own).
    public typealias Store = @Sendable (_ path: String, _ bytes: [UInt8]) throws -> Void
    public let store: Store

    public init(url: URL, build: String, store: @escaping Store) {
        self.url = url
        self.build = build
        self.store = store
    }

    /// The cache of the repository at `root`, where onboard keeps its other local files.
    public init(repository root: URL, build: String, store: @escaping Store) {
        self.init(url: root.appendingPathComponent(".onboard/cache/partners.bin"), build: build, store: store)
    }

    static let magic = "onboard partner cache 2\n"

    /// What the cache file holds now; empty when there is none or it cannot be used.
    func read() -> Contents {
        guard let bytes = Self.bytes(at: url.path) else { return Contents() }
        return (try? Contents(bytes: bytes, magic: Self.magic, build: build)) ?? Contents()
    }

    /// The whole file, read straight into one buffer (tens of MB at 10,000 partners; no copy through `Data`).
    private static func bytes(at path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var count = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while count < size {
                let read = Foundation.read(descriptor, buffer.baseAddress! + count, size - count)
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { break }
                count += read
            }
            initialized = count
        }
        return count == size ? bytes : nil
    }

    /// Replaces the cache with these partners (each with its file's text and its template's file) and the templates'
    /// texts. Best effort: a cache that cannot be written only means the next run parses again.
    func write(_ entries: [Entry], templates: [String: String]) {
        guard let bytes = try? Self.bytes(of: entries, templates: templates, build: build) else { return }
        // It holds only what git holds (a partner with a secret in it is never cached), so owner-only is enough.
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        try? store(url.path, bytes)
    }

    static func bytes(of entries: [Entry], templates: [String: String], build: String) throws -> [UInt8] {
        var writer = CacheWriter()
        writer.string(Self.magic)
        writer.string(build)
        let templates = templates.sorted { $0.key < $1.key }
        writer.array(templates) {
            $0.string($1.key)
            $0.string($1.value)
        }
        writer.integer(entries.count)
        for entry in entries {
            writer.string(entry.partner.file)
            var payload = CacheWriter()
            payload.string(entry.text)
            payload.string(entry.templateFile)
            try CacheEncoder.encode(entry.partner, into: &payload)
            writer.raw(payload.bytes)
        }
        return writer.bytes
    }

    /// A partner to keep, with what it was loaded from.
    struct Entry: Sendable {
        let partner: Partner
        let text: String
        let templateFile: String
    }

    /// The cache file as read: the templates' texts when it was written, and where each partner's entry lies.
    struct Contents: Sendable {
        private let bytes: [UInt8]
        let templates: [String: String]
        private let entries: [String: Range<Int>]

        init() {
            bytes = []
            templates = [:]
            entries = [:]
        }

        init(bytes: [UInt8], magic: String, build: String) throws(CacheReader.Corrupt) {
            var reader = CacheReader(bytes)
            guard try reader.string(equals: magic), try reader.string(equals: build) else {
                throw CacheReader.Corrupt()
            }
            var templates: [String: String] = [:]
            for _ in 0..<(try reader.integer()) { templates[try reader.string()] = try reader.string() }
            var entries: [String: Range<Int>] = [:]
            for _ in 0..<(try reader.integer()) { entries[try reader.string()] = try reader.run() }
            guard reader.isAtEnd else { throw CacheReader.Corrupt() }
            self.bytes = bytes
            self.templates = templates
            self.entries = entries
        }

        var count: Int { entries.count }

        /// The entry cached for `file` when the file's text is `text` and its template is one of `templates` (those
        /// whose text is unchanged); the caller still compares the partner's named files.
        func entry(_ file: String, text: String, templates: Set<String>) -> Entry? {
            guard let range = entries[file] else { return nil }
            var reader = CacheReader(bytes, from: range.lowerBound, to: range.upperBound)
            guard (try? reader.string(equals: text)) == true,
                let template = try? reader.string(), templates.contains(template),
                let partner = try? CacheDecoder.decode(Partner.self, from: &reader), reader.isAtEnd,
                partner.file == file
            else { return nil }
            return Entry(partner: partner, text: text, templateFile: template)
        }
    }
}
