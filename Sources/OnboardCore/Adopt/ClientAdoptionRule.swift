import OnboardSpec

/// Whether onboard can manage each OAuth client a partner file adopts (`spec.adopt.client`): only on a live OAuth
/// server, and only with a right to manage it — the registration access token in the variable the file names
/// (RFC 7592), or the server profile's administration API. Every refusal is a diagnostic at the line naming the client
/// or the variable, all of them in one run; an adopted client managed by its token carries its sealed handle after.
public struct ClientAdoptionRule: Sendable {
    /// Whether `targets.clients` is live, and whether it has a server profile (`scopeAdministration`).
    public let clientsLive: Bool
    public let serverProfile: Bool

    public init(clientsLive: Bool, serverProfile: Bool) {
        self.clientsLive = clientsLive
        self.serverProfile = serverProfile
    }

    /// `input` with each adopted client's management resolved. `tokenVariables` are the variables partner files name
    /// (`registrationTokenEnv`, by partner id); `token` reads one from the environment; `handle` is the OAuth adapter's
    /// management handle for a client id and its token.
    public func resolve(
        _ input: EngineInput, tokenVariables: [String: Located<String>], token: (String) -> String?,
        handle: (_ clientID: String, _ token: String) -> String
    ) throws(OnboardError) -> EngineInput {
        let sink = DiagnosticSink(sources: SourceCatalog())
        let path = FieldPath.root.key("spec").key("adopt").key("client")
        var partners = input.partners
        // By index: thousands of partners, few of them adopting a client, none copied to look.
        for index in partners.indices {
            guard let client = partners[index].adoptions.first(where: { $0.address.kind == .client }) else {
                continue
            }
            let partner = partners[index]
            guard clientsLive else {
                sink.report(
                    .adoptionRefused, at: client.location, path: path,
                    "a client can be adopted only on a live OAuth server (targets.clients in onboard.yaml)")
                continue
            }
            if let variable = tokenVariables[partner.id] {
                guard let value = token(variable.value), !value.isEmpty else {
                    sink.report(
                        .adoptionRefused, at: variable.location, path: path.key("registrationTokenEnv"),
                        "the environment variable \(variable.value) is not set; it must hold the client's registration access token"
                    )
                    continue
                }
                partners[index] = partner.resolvingClientSecret(handle(client.platformID, value))
            } else if !serverProfile {
                sink.report(
                    .adoptionRefused, at: client.location, path: path,
                    "onboard needs the right to manage client \(client.platformID): name the variable holding its "
                        + "registration access token (registrationTokenEnv), or configure targets.clients.scopeAdministration"
                )
            }
        }
        guard sink.diagnostics.isEmpty else {
            throw OnboardError(
                .invalidFiles, "spec.adopt names clients onboard cannot manage", diagnostics: sink.diagnostics)
        }
        return EngineInput(deployment: input.deployment, partners: partners)
    }
}
