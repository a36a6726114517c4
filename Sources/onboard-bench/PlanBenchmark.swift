import Foundation
import OnboardCore
import OnboardPKI
import OnboardPlatform
import OnboardPostgres
import OnboardSpec
import OnboardState
import OnboardSystem

/// A no-change plan of N partners against a state that holds them all: load and check the files, build desired
/// state, read state (and, with refresh, every platform document), compare. The state, CA inventory and embedded
/// platform are prepared in bulk first; that setup is not timed.
enum PlanBenchmark {
    static func run(_ arguments: [String]) async throws {
        let options = BenchmarkOptions(arguments)
        let partners = options.integer("partners", default: 10_000)
        let iterations = options.integer("iterations", default: 3)
        let example = URL(fileURLWithPath: options.string("example", default: "."))
        let root = try await ValidateBenchmark.generate(partners: partners, from: example)
        let keep = options.string("keep", default: "no") == "yes"
        defer { if !keep { try? FileManager.default.removeItem(at: root) } }

        let loaded = NetworkLoader(tree: LocalSourceTree(root: root)).load()
        guard loaded.isValid, let deployment = loaded.network.deployment else {
            throw BenchmarkFailure(description: "generated network is not valid")
        }
        // --state-url postgres://… keeps the state in PostgreSQL (an empty database) instead of SQLite.
        let stateURL = options.string("state-url", default: "")
        let ports = try await makePorts(root, deployment: deployment, stateURL: stateURL.isEmpty ? nil : stateURL)
        try await prepare(loaded.network, deployment: deployment, ports: ports)
        let setupMiB = Measurement.peakResidentMiB()
        if keep { print("prepared repository kept at \(root.path) (CA passphrase: benchmark-passphrase)") }

        if options.string("phases", default: "no") == "yes" {
            try await phases(root, deployment: deployment, ports: ports)
        }
        let modes = options.string("refresh", default: "both")
        for refresh in [false, true] where modes == "both" || modes == String(refresh) {
            var samples: [Double] = []
            for _ in 0..<iterations {
                var changes = -1
                samples.append(
                    try await Measurement.seconds {
                        let result = NetworkLoader(tree: LocalSourceTree(root: root)).load()
                        let reconciler = Reconciler(
                            input: EngineInput(network: result.network, deployment: deployment), ports: ports,
                            gateway: gatewaySettings(deployment), kitTemplate: nil
                        )
                        changes = try await reconciler.plan(refresh: refresh, allowRemoval: false).plan.changes.count
                    })
                guard changes == 0 else { throw BenchmarkFailure(description: "expected no changes, got \(changes)") }
            }
            Measurement.report(
                "plan \(partners) partners, no changes, refresh=\(refresh)", samples: samples,
                extra: String(format: " (%.1f MiB after setup)", setupMiB)
            )
        }
    }

    /// Where a no-refresh plan spends its time, one phase at a time (diagnostics for optimisation work).
    static func phases(_ root: URL, deployment: Deployment, ports: PlatformPorts) async throws {
        var result: LoadResult?
        print(
            String(
                format: "  load      %.3f s",
                await Measurement.seconds { result = NetworkLoader(tree: LocalSourceTree(root: root)).load() }))
        var snapshot: StateSnapshot?
        print(
            String(
                format: "  snapshot  %.3f s",
                try await Measurement.seconds { snapshot = try await ports.state.snapshot() }))
        var desired: DesiredState?
        print(
            String(
                format: "  desired   %.3f s",
                try await Measurement.seconds {
                    desired = try await DesiredState.build(
                        input: EngineInput(network: result!.network, deployment: deployment),
                        recorded: snapshot!.resources,
                        today: "2026-01-01", now: Date(),
                        gateway: gatewaySettings(deployment)
                    )
                }))
        var certificates: [CertificateRecord] = []
        print(
            String(
                format: "  ca        %.3f s",
                try await Measurement.seconds { certificates = try await ports.ca.inventory() }))
        print(
            String(
                format: "  planner   %.3f s",
                try await Measurement.seconds {
                    _ = try Planner(
                        desired: desired!, state: snapshot!, actual: nil, certificates: certificates,
                        crlNextUpdate: nil,
                        now: Date(), allowRemoval: false
                    ).plan(deployment: "bench", inputsDigest: "")
                }))
        print(
            String(
                format: "  digest    %.3f s",
                await Measurement.seconds { _ = InputsFingerprint.compute(desired!, allowRemoval: false) }))
    }

    static func gatewaySettings(_ deployment: Deployment) -> GatewayConfigBuilder.Settings {
        GatewayConfigBuilder.Settings(upstream: deployment.platform.fhirBaseURL.value)
    }

    static func makePorts(_ root: URL, deployment: Deployment, stateURL: String?) async throws -> PlatformPorts {
        let platform = root.appendingPathComponent("out/platform")
        let (clock, random) = (SystemClock(), SystemRandomSource())
        let ca = FileCertificateAuthority(
            directory: root.appendingPathComponent(".onboard/ca"), passphrase: "benchmark-passphrase", clock: clock,
            random: random
        )
        _ = try await ca.initialize(organization: deployment.hospital.name.value, deployment: deployment.name.value)
        return PlatformPorts(
            state: try stateURL.map {
                try PostgresStateStore(url: $0, urlVariable: "--state-url", deployment: deployment.name.value)
            }
                ?? SQLiteStateStore(path: root.appendingPathComponent(".onboard/state.sqlite").path),
            ca: ca,
            directory: EmbeddedDirectory(root: platform.appendingPathComponent("fhir")),
            clients: EmbeddedClientRegistry(
                root: platform.appendingPathComponent("clients"), random: random, clock: clock),
            gateway: EmbeddedGateway(root: platform.appendingPathComponent("gateway")),
            output: OutputDirectory(root: root.appendingPathComponent("out")), clock: clock
        )
    }

    /// Issues every certificate, writes every platform document and records everything in state, as an apply would,
    /// but in bulk (one state transaction, one CA inventory write).
    static func prepare(_ network: PartnerNetwork, deployment: Deployment, ports: PlatformPorts) async throws {
        guard let ca = ports.ca as? FileCertificateAuthority else { return }
        let now = ports.clock.now()
        let input = EngineInput(network: network, deployment: deployment)
        let desired = try await DesiredState.build(
            input: input, recorded: [:], today: "2026-01-01", now: now, gateway: gatewaySettings(deployment)
        )
        let issuer = try await ca.issuer()
        var issued: [String: CertificateRecord] = [:]
        for partner in input.partners {
            var record = try issuer.issue(CertificateIssueRequest(partner: partner, deployment: input.deployment))
                .record
            if partner.status == .suspended { record.revocation = Revocation(reason: .certificateHold, date: now) }
            issued[partner.id] = record
        }
        try await ca.importRecords(Array(issued.values))
        var records: [ResourceRecord] = []
        var clientIDs: [String: String] = [:]
        for (address, resource) in desired.resources where address != .gateway {
            let platformID: String
            switch address.kind {
            case .certificate:
                platformID = issued[address.partnerID!]!.serial
            case .client:
                platformID = try await ports.clients.register(address, try ClientMetadata(document: resource.document)) {
                    _, _ in
                }.platformID
                clientIDs[address.partnerID!] = platformID
            default:
                platformID = try await ports.directory.put(address, resource.document, existing: nil, baseVersion: nil)
                    .platformID
            }
            records.append(
                ResourceRecord(address: address, platformID: platformID, canonical: resource.canonical, appliedAt: now))
        }
        // The gateway names the clients just registered, as the applier's gateway step does.
        let gateway = GatewayConfigBuilder.document(
            input.partners, deployment: input.deployment.name, settings: gatewaySettings(deployment),
            clientIDs: clientIDs, keys: [], now: now
        )
        try await ports.gateway.apply(
            GatewayFiles(configuration: gateway["config"]!.stringValue!, script: GatewayScript.source))
        records.append(ResourceRecord(address: .gateway, platformID: "gateway", document: gateway, appliedAt: now))
        let crl = try await ca.publishCRL()
        records.append(
            ResourceRecord(
                address: .crl, platformID: "crl-\(crl.number)", document: CRLDocument.make(try await ca.inventory()),
                appliedAt: now
            ))
        if let store = ports.state as? SQLiteStateStore {
            try await store.saveAll(records)
        } else if let store = ports.state as? PostgresStateStore {
            try await store.saveAll(records)
        }
    }
}
