import Foundation
import OnboardCore
import OnboardPKI
import OnboardPlatform
import OnboardPostgres
import OnboardSpec
import OnboardState
import OnboardSystem

/// A loaded repository and the adapters built from its deployment: what every command beyond `validate` starts from.
/// The composition root: the only place the system's clock, randomness, environment and host name enter onboard.
struct RepositoryContext {
    let root: URL
    private(set) var result: LoadResult
    private(set) var deployment: Deployment
    let environment: [String: String]
    var clock: any Clock = SystemClock()
    var random: any RandomSource = SystemRandomSource()
    var host: String = ProcessInfo.processInfo.hostName
    /// Shared by the clients of every live server in this run: its deadline and the answers counted for progress.
    var network = NetworkRun()

    /// Loads the repository (with `partners: false`, `onboard.yaml` alone: see `loadingPartners`); fails when
    /// `onboard.yaml` itself has errors (nothing can run without it).
    static func load(
        _ options: RepositoryOptions, partners: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> RepositoryContext {
        let root = URL(fileURLWithPath: options.root).standardizedFileURL
        let result = NetworkLoader(tree: LocalSourceTree(root: root)).loadDeployment()
        let context = RepositoryContext(
            root: root, result: result, deployment: try validDeployment(result), environment: environment)
        return partners ? try context.loadingPartners() : context
    }

    /// This context with the whole repository loaded (templates, partner files and the files they name).
    func loadingPartners() throws -> RepositoryContext {
        var context = self
        context.result = NetworkLoader(tree: LocalSourceTree(root: root)).load(
            cache: PartnerCache(repository: root, build: BuildIdentity.current) {
                try AtomicFile.replace($0, $1, mode: 0o600)
            }
        )
        context.deployment = try Self.validDeployment(context.result)
        return context
    }

    /// The deployment, unless `onboard.yaml` has errors.
    private static func validDeployment(_ result: LoadResult) throws -> Deployment {
        let problems = result.diagnostics.filter {
            $0.location.file == NetworkLoader.deploymentFile && $0.severity == .error
        }
        guard let deployment = result.network.deployment, problems.isEmpty else {
            throw OnboardError.command("onboard.yaml is not valid", diagnostics: problems)
        }
        return deployment
    }

    /// A partner by id; fails with that partner's diagnostics when its files are not valid.
    func partner(_ id: String) throws -> PartnerInput {
        if let partner = result.network.partners.first(where: { $0.id == id }),
            let template = result.network.templates[partner.spec.template.value]
        {
            return PartnerInput(partner, template: template)
        }
        let file = result.diagnostics.first { RepositoryPath.stem($0.location.file) == id }?.location.file
        let problems = result.diagnostics.filter { $0.location.file == file && $0.severity == .error }
        if !problems.isEmpty { throw OnboardError.command("partner \(id) is not valid", diagnostics: problems) }
        throw OnboardError.command("no partner \(id) under Partners/", code: .usage)
    }

    /// The partner CA the deployment names: its own files (`ca.backend: files | database`) or OpenBao; during a
    /// rotation (`ca.rotation`), that CA with the one it replaces.
    var certificateAuthority: any CertificateAuthority {
        get throws {
            let current = try authority(deployment.ca)
            guard let rotation = deployment.ca.rotation else { return current }
            return RotatingCertificateAuthority(
                current: current, retiring: try authority(rotation.from), deadline: rotation.deadline, clock: clock)
        }
    }

    /// The partner CA on its files: the directory `ca.path`, or the state database (`ca.backend: database`).
    var fileCertificateAuthority: FileCertificateAuthority {
        get throws {
            guard let ca = try authority(deployment.ca) as? FileCertificateAuthority else {
                throw OnboardError.command(
                    "the partner CA is in OpenBao (ca.backend: openbao): its keys are created and kept there; "
                        + "see docs/openbao.md", code: .usage)
            }
            return ca
        }
    }

    /// The CA `settings` name: its keys on files or in the database, or an OpenBao signer with onboard's inventory.
    private func authority(_ settings: CASettings) throws -> any CertificateAuthority {
        guard let openbao = settings.openbao else {
            return FileCertificateAuthority(
                files: try caFiles(settings), passphrase: environment[settings.passphraseEnv],
                passphraseVariable: settings.passphraseEnv, clock: clock, random: random
            )
        }
        let signer = try LiveTargets(deployment: deployment, environment: environment, root: root, network: network)
            .openBaoSigner(openbao)
        return SignerCertificateAuthority(signer: signer, files: try caFiles(settings), clock: clock, random: random)
    }

    /// Where a CA keeps its files (an OpenBao CA: its inventory only): under its `path` with SQLite state, or in the
    /// state database.
    private func caFiles(_ settings: CASettings) throws -> any CAFileStore {
        let inDatabase =
            settings.backend == .database || (settings.backend == .openbao && deployment.state.backend == .postgres)
        guard inDatabase else { return DirectoryCAFiles(directory: root.appendingPathComponent(settings.path)) }
        let (variable, url) = try databaseURL()
        // The file CA's rows are the deployment's; an OpenBao CA's inventory is keyed by its path as well, so a
        // rotation from one mount to another keeps two inventories.
        let key = settings.backend == .openbao ? deployment.name.value + "/" + settings.path : deployment.name.value
        return try PostgresCAFiles(url: url, urlVariable: variable, deployment: key)
    }

    /// Where the CA is, for `show`.
    var caDescription: String {
        guard let ca = try? certificateAuthority else { return "-" }
        func place(_ ca: any CertificateAuthority) -> String {
            (ca as? SignerCertificateAuthority)?.location ?? (ca as? FileCertificateAuthority)?.location ?? "-"
        }
        guard let rotating = ca as? RotatingCertificateAuthority else { return place(ca) }
        return "\(place(rotating.current)), rotating from \(place(rotating.retiring)) until "
            + UTCInstant.text(rotating.deadline)
    }

    /// The platform the deployment names (embedded files unless `spec.targets` says live) and local state.
    func ports() throws -> PlatformPorts {
        let platform = output.root.appendingPathComponent("platform")
        let live = LiveTargets(deployment: deployment, environment: environment, root: root, network: network)
        let sealer = try live.sealer()
        return PlatformPorts(
            state: try stateStore(),
            ca: try certificateAuthority,
            directory: try live.directory() ?? EmbeddedDirectory(root: platform.appendingPathComponent("fhir")),
            clients: try live.clients()
                ?? EmbeddedClientRegistry(
                    root: platform.appendingPathComponent("clients"), random: random, clock: clock
                ),
            gateway: live.gateway() ?? EmbeddedGateway(root: platform.appendingPathComponent("gateway")),
            output: output, clock: clock, sealer: sealer, concurrency: live.concurrency,
            clientConcurrency: live.clientConcurrency, tokenKeys: try live.tokenKeys(),
            partnerKeySets: live.partnerKeySets()
        )
    }

    /// The state store alone (reports need no platform, hence none of its secrets): the SQLite file, or the PostgreSQL
    /// database whose URL is in the variable `state.urlEnv` names.
    func stateStore() throws -> any StateStore {
        switch deployment.state.backend {
        case .sqlite:
            return try SQLiteStateStore(
                path: root.appendingPathComponent(deployment.state.path).path, upgrade: RFC7591Metadata.clientRecords)
        case .postgres:
            let (variable, url) = try databaseURL()
            return try PostgresStateStore(
                url: url, urlVariable: variable, deployment: deployment.name.value,
                upgrade: RFC7591Metadata.clientRecords)
        }
    }

    /// Which backend holds the state, for `show`: the SQLite file, or the PostgreSQL server and database (no password).
    var stateDescription: String {
        switch deployment.state.backend {
        case .sqlite: return "sqlite \(deployment.state.path)"
        case .postgres: return "postgres " + (((try? stateStore()) as? PostgresStateStore)?.server ?? "(URL not set)")
        }
    }

    /// The state database's URL, from the variable `state.urlEnv` names.
    private func databaseURL() throws -> (variable: String, url: String) {
        let variable = deployment.state.urlEnv ?? "ONBOARD_STATE_URL"
        guard let url = environment[variable], !url.isEmpty else {
            throw OnboardError.command("the environment variable \(variable) (state.urlEnv in onboard.yaml) is not set")
        }
        return (variable, url)
    }

    /// The gateway configuration's settings: paths relative to the embedded nginx prefix, or absolute for a live nginx.
    var gatewaySettings: GatewayConfigBuilder.Settings {
        let upstream = deployment.platform.fhirBaseURL.value
        let tokens = deployment.platform.tokens
        let discovery = SmartConfiguration.document(
            DeploymentInput(deployment),
            scopesSupported: result.network.templates.values.flatMap { TemplateInput($0).ceiling.map(\.description) }
        )
        guard let live = deployment.targets.gateway else {
            return GatewayConfigBuilder.Settings(upstream: upstream, tokens: tokens, discovery: discovery)
        }
        let targets = LiveTargets(deployment: deployment, environment: environment, root: root)
        let configPath = targets.path(live.configPath)
        return GatewayConfigBuilder.Settings(
            listen: live.listen, serverCertificate: targets.path(live.serverCertificate),
            serverKey: targets.path(live.serverKey), upstream: upstream,
            caChain: NginxGateway.path(.caChain, besideConfig: configPath),
            crl: NginxGateway.path(.crl, besideConfig: configPath),
            upstreamInclude: live.upstreamInclude.map(targets.path),
            script: NginxGateway.path(.script, besideConfig: configPath), tokens: tokens, discovery: discovery,
            tokenUpstreamInclude: live.tokenUpstreamInclude.map(targets.path)
        )
    }

    /// Plans and applies need every file valid: a half-read network would plan removals.
    func requireValid() throws {
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw OnboardError.command(
                "the partner files have \(errors.count) errors; fix them (see `onboard validate`)", diagnostics: errors)
        }
    }

    func reconciler(ports: PlatformPorts? = nil) throws -> Reconciler {
        try requireValid()
        let kitTemplate: String?
        do {
            kitTemplate = try LocalSourceTree(root: root).read(KitWriter.templatePath)
        } catch {
            throw OnboardError.command("\(KitWriter.templatePath) \(error)")
        }
        var input = try adoptingInput()
        input.deployment.serverTrustAnchor = try serverTrustAnchor()
        return Reconciler(
            input: input, ports: try ports ?? self.ports(),
            gateway: gatewaySettings,
            kitTemplate: kitTemplate
        )
    }

    /// The certificates of `platform.serverCaBundle` (read at run time, like the live targets' CA bundles, so it may
    /// be a file the platform's own tooling writes); an unreadable file, or one holding no certificate or a private
    /// key, is an error at its line.
    func serverTrustAnchor() throws -> String? {
        guard let bundle = deployment.platform.serverCaBundle else { return nil }
        let problem: String
        if let data = FileManager.default.contents(atPath: path(bundle.value)) {
            let text = String(decoding: data, as: UTF8.self)
            let blocks = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst()
                .compactMap { $0.components(separatedBy: "-----END CERTIFICATE-----").first }
            if text.contains("PRIVATE KEY") {
                problem = "\(bundle.value) holds a private key; the bundle every kit carries holds CA certificates only"
            } else if blocks.isEmpty {
                problem = "\(bundle.value) holds no PEM certificate"
            } else {
                return blocks.map { "-----BEGIN CERTIFICATE-----" + $0 + "-----END CERTIFICATE-----\n" }.joined()
            }
        } else {
            problem = "\(bundle.value) cannot be read"
        }
        let sink = DiagnosticSink(sources: SourceCatalog())
        sink.report(
            .unparseableFile, at: bundle.location,
            path: FieldPath.root.key("spec").key("platform").key("serverCaBundle"), problem)
        throw OnboardError.command("platform.serverCaBundle cannot be used", diagnostics: sink.diagnostics)
    }

    /// A path given on the command line or in onboard.yaml: relative paths are relative to the repository root.
    func path(_ path: String) -> String {
        path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
    }

    /// The engine's plain input, built from the validated files.
    var input: EngineInput {
        EngineInput(network: result.network, deployment: deployment)
    }

    /// The engine's input with each adopted client's management (`ClientAdoptionRule`): the registration access token
    /// from the variable `spec.adopt.client.registrationTokenEnv` names, or the server profile's administration API.
    func adoptingInput() throws -> EngineInput {
        let clients = deployment.targets.clients
        let partners = result.network.partners
        var variables: [String: Located<String>] = [:]
        for index in partners.indices {
            if let variable = partners[index].spec.adopt?.client?.registrationTokenEnv {
                variables[partners[index].id] = variable
            }
        }
        return try ClientAdoptionRule(clientsLive: clients != nil, serverProfile: clients?.scopeAdministration != nil)
            .resolve(input, tokenVariables: variables, token: { environment[$0] }) { clientID, token in
                OAuthRegistrationClient.managementSecret(
                    registrationURL: clients?.registrationURL ?? "", clientID: clientID, token: token)
            }
    }

    /// The git-ignored output directory (`out/`): kits and embedded platform files.
    var output: OutputDirectory {
        OutputDirectory(root: root.appendingPathComponent("out"))
    }

    var administration: CAAdministration {
        get throws { CAAdministration(ca: try certificateAuthority, output: output) }
    }
}
