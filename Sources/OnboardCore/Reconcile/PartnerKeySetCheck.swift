import OnboardSpec

/// Every active partner's published key set, read as the authorization server will read it: unreachable, not JSON,
/// no usable signing key or a private key in it is a diagnostic at the `jwksUri` line of the partner's file, all of
/// them in one plan, before any change. A suspended partner's is not read (its client holds no scope), so suspending a
/// partner whose key server is down still applies.
struct PartnerKeySetCheck {
    let reader: any PartnerKeySetReader
    /// Key sets read at once.
    let concurrency: Int

    /// Throws `keySetUnusable` with one diagnostic per partner whose key set cannot be used.
    func verify(_ partners: [PartnerInput]) async throws(OnboardError) {
        let published = partners.filter { $0.status == .active && $0.auth == .privateKeyJWT }
            .compactMap { partner in partner.jwksURI.map { (partner.id, $0) } }
        guard !published.isEmpty else { return }
        let reader = self.reader
        let found: [Diagnostic?]
        do {
            found = try await published.concurrentMap(limit: concurrency) { item -> Diagnostic? in
                let (partner, uri) = item
                let problem: String?
                do throws(OnboardError) {
                    problem = JWKSInspector.problem(inPublished: try await reader.keySet(at: uri.value)).map {
                        "\(uri.value): \($0)"
                    }
                } catch {
                    problem = error.message
                }
                return problem.map {
                    Diagnostic(
                        code: .keySetUnusable, location: uri.location, fieldPath: Self.field,
                        message:
                            "the key set of partner \(partner) cannot be used, as the authorization server would read it: \($0)"
                    )
                }
            }
        } catch {
            // Each read reports its own failure above; only a cancelled run ends the reads early.
            throw OnboardError(.applyStopped, "reading the partners' key sets was cancelled", underlying: error)
        }
        let problems = found.compactMap { $0 }
        guard problems.isEmpty else {
            throw OnboardError(
                .keySetUnusable,
                "\(problems.count) partner key set\(problems.count == 1 ? "" : "s") (spec.access.jwksUri) cannot be used; nothing was changed",
                diagnostics: Diagnostic.sortedForDisplay(problems)
            )
        }
    }

    static let field = "spec.access.jwksUri"
}
