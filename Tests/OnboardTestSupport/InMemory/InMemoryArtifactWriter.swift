import OnboardCore

/// Partner kits and published files in memory, for engine unit tests, with whether each was written as sensitive.
public actor InMemoryArtifactWriter: ArtifactWriter {
    public private(set) var files: [String: (bytes: [UInt8], sensitive: Bool)] = [:]

    public init() {}

    public func write(_ path: String, _ bytes: [UInt8], sensitive: Bool) {
        files[path] = (bytes, sensitive)
    }

    public func text(_ path: String) -> String? {
        files[path].map { String(decoding: $0.bytes, as: UTF8.self) }
    }
}
