import Foundation
import OnboardCore
import OnboardPKI
import OnboardPlatform
import OnboardSpec

/// Builds the live adapters `spec.targets` names, taking every secret from the environment variable the deployment
/// names; nil for a part that stays embedded.
struct LiveTargets {
    let deployment: Deployment
    let environment: [String: String]
    /// Relative paths in onboard.yaml are relative to the repository root.
    let root: URL
    /// Shared by every server's client: the run's deadline and the answers counted for progress lines.
    var network = NetworkRun()

    func path(_ path: String) -> String {
        path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
    }

    /// Requests a refresh keeps in flight per live target: the larger `maxConcurrency` of the two connections.
    var concurrency: Int {
        max(
            deployment.targets.directory?.connection.maxConcurrency ?? 4,
            deployment.targets.clients?.connection.maxConcurrency ?? 4)
    }

    /// Client writes an apply keeps in flight: the client target's own `maxConcurrency`.
    var clientConcurrency: Int { deployment.targets.clients?.connection.maxConcurrency ?? 4 }

    func directory() throws -> (any DirectoryTarget)? {
        guard let settings = deployment.targets.directory else { return nil }
        let http = try client("FHIR server", settings.connection, part: "directory")
        return FHIRRestDirectory(
            baseURL: deployment.platform.fhirBaseURL.value, deployment: deployment.name.value,
            token: try settings.tokenEnv.map { try secret($0, for: "targets.directory.tokenEnv") }, http: http,
            pageSize: settings.pageSize
        )
    }

    func clients() throws -> (any ClientRegistry)? {
        guard let settings = deployment.targets.clients else { return nil }
        let http = try client("OAuth server", settings.connection, part: "clients")
        let administration: (any ClientAdministration)? = try settings.scopeAdministration.map { admin in
            switch admin.server {
            case .glewlwyd:
                GlewlwydAdministration(
                    apiURL: admin.apiURL,
                    user: try secret(admin.userEnv, for: "targets.clients.scopeAdministration.userEnv"),
                    password: try secret(admin.passwordEnv, for: "targets.clients.scopeAdministration.passwordEnv"),
                    http: http
                )
            }
        }
        return OAuthRegistrationClient(
            registrationURL: settings.registrationURL, http: http, redirectURIs: settings.redirectURIs,
            initialAccessToken: try settings.initialAccessTokenEnv.map {
                try secret($0, for: "targets.clients.initialAccessTokenEnv")
            },
            administration: administration
        )
    }

    private func client(_ serverName: String, _ connection: ConnectionSettings, part: String) throws -> RESTClient {
        try RESTClient(
            serverName: serverName, caBundle: connection.caBundle.map(path),
            timeout: TimeInterval(connection.timeoutSeconds),
            retry: RetryPolicy(attempts: connection.retries + 1), maxConcurrent: connection.maxConcurrency,
            deadline: TimeInterval(connection.deadlineSeconds), deadlineSetting: "targets.\(part).deadlineSeconds",
            run: network
        )
    }

    func gateway() -> (any GatewayTarget)? {
        deployment.targets.gateway.map {
            NginxGateway(
                configPath: path($0.configPath), testCommand: $0.testCommand, reloadCommand: $0.reloadCommand,
                workingDirectory: root.path, pidFile: $0.pidFile.map(path)
            )
        }
    }

    /// Partners' published key sets, read at plan when the OAuth server is live (it reads them at registration).
    func partnerKeySets() -> (any PartnerKeySetReader)? {
        guard let settings = deployment.targets.clients else { return nil }
        let live = self
        return HTTPKeySetReader { _ in
            try live.client("partner's key set server", settings.connection, part: "clients")
        }
    }

    /// The authorization server's signing keys, read when the gateway is live (an embedded gateway is only a file, and
    /// a plan of the embedded platform never touches the network).
    func tokenKeys() throws -> (any TokenKeySource)? {
        guard deployment.targets.gateway != nil, let tokens = deployment.platform.tokens else { return nil }
        let connection = deployment.targets.clients?.connection ?? ConnectionSettings()
        return JWKSKeySource(
            url: tokens.jwksURL, http: try client("authorization server", connection, part: "clients"),
            convert: JWKPublicKey.signingKey)
    }

    /// The OpenBao signer of `ca.backend: openbao`, logging in with the credentials its variables hold.
    /// A variable that is not set fails the first request that needs a login, not the run: a plan signs nothing.
    func openBaoSigner(_ settings: OpenBaoSettings) throws -> OpenBaoSigner {
        let credentials: OpenBaoSigner.Credentials
        do {
            switch settings.auth {
            case .appRole(let roleID, let secretID):
                credentials = .appRole(
                    roleID: try secret(roleID, for: "ca.openbao.auth.roleIdEnv"),
                    secretID: try secret(secretID, for: "ca.openbao.auth.secretIdEnv"))
            case .token(let token):
                credentials = .token(try secret(token, for: "ca.openbao.auth.tokenEnv"))
            }
        } catch let error as OnboardError {
            credentials = .unavailable(error.message)
        }
        let connection = ConnectionSettings(caBundle: settings.caBundle, maxConcurrency: 8)
        let http = try RESTClient(
            serverName: "OpenBao server", caBundle: connection.caBundle.map(path),
            timeout: TimeInterval(connection.timeoutSeconds), retry: RetryPolicy(attempts: connection.retries + 1),
            maxConcurrent: connection.maxConcurrency, deadline: TimeInterval(connection.deadlineSeconds),
            deadlineSetting: "the default for ca.openbao", run: network)
        return OpenBaoSigner(
            address: settings.address, mount: settings.mount, rootMount: settings.rootMount, role: settings.role,
            deployment: deployment.name.value, credentials: credentials, http: http)
    }

    /// A live client registry hands back registration access tokens, which state keeps only sealed.
    func sealer() throws -> any SecretSealer {
        guard let variable = deployment.state.sealKeyEnv else {
            if deployment.targets.clients != nil {
                throw OnboardError.command(
                    "targets.clients is live, and state.sealKeyEnv is not set: registration access tokens must be sealed in state; "
                        + "name an environment variable holding the state key"
                )
            }
            return UnavailableSealer()
        }
        do {
            return try StateSealer(
                passphrase: try secret(variable, for: "state.sealKeyEnv"), variable: variable,
                previous: environment[variable + "_PREVIOUS"].flatMap { $0.isEmpty ? nil : $0 }
            )
        } catch let error as OnboardError {
            throw OnboardError.command(error.message, code: error.code)
        }
    }

    private func secret(_ variable: String, for setting: String) throws -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw OnboardError.command("the environment variable \(variable) (\(setting) in onboard.yaml) is not set")
        }
        return value
    }
}
