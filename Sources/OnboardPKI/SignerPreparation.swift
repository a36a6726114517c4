import OnboardCore

/// Runs the signer's role check once per CA instance, however many batches a run issues.
actor SignerPreparation {
    private var done = false

    func once(_ body: () async throws(OnboardError) -> Void) async throws(OnboardError) {
        guard !done else { return }
        try await body()
        done = true
    }
}
