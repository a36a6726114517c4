/// The outcome of loading a repository: the valid declarations and every problem found, sorted for display.
public struct LoadResult: Sendable {
    public let network: PartnerNetwork
    public let diagnostics: [Diagnostic]
    /// Files read (deployment, templates, partners), for the summary line.
    public let fileCount: Int

    public init(network: PartnerNetwork, diagnostics: [Diagnostic], fileCount: Int) {
        self.network = network
        self.diagnostics = diagnostics
        self.fileCount = fileCount
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var isValid: Bool { errorCount == 0 }
}
