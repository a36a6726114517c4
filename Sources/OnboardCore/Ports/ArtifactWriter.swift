/// Where onboard writes what it produces for people and platforms outside the state: partner kits, the published CA
/// chain and CRL, embedded platform files. Sensitive files (generated keys and their passphrases) are written
/// owner-only.
public protocol ArtifactWriter: Sendable {
    /// Writes `bytes` at `path` (relative, `/`-separated), replacing any previous content atomically.
    func write(_ path: String, _ bytes: [UInt8], sensitive: Bool) async throws(OnboardError)
}

extension ArtifactWriter {
    public func write(_ path: String, text: String, sensitive: Bool = false) async throws(OnboardError) {
        try await write(path, Array(text.utf8), sensitive: sensitive)
    }
}
