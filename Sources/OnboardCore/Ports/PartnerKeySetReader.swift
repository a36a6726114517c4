/// Reads the key set a partner publishes at its `jwksUri`. The authorization server fetches that URL when the
/// client is registered; reading it at plan finds an unreachable or unusable key set before anything changes.
public protocol PartnerKeySetReader: Sendable {
    /// The document at `url`; an unreachable server or an answer other than HTTP 200 is an error whose message says
    /// which.
    func keySet(at url: String) async throws(OnboardError) -> String
}
