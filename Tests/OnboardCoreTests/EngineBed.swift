import Foundation
import OnboardCore
import OnboardSpec
import OnboardTestSupport

/// The reconcile engine on in-memory ports and a fixed clock, over a copy of the example network's files: plans and
/// applies run in-process, and tests read typed plans and the ports' contents — no binary, no rendered text.
final class EngineBed: @unchecked Sendable {
    let workspace: Workspace
    let state = InMemoryStateStore()
    let directory = InMemoryDocumentTarget()
    let clients = InMemoryDocumentTarget()
    let gateway = InMemoryGateway()
    let output = InMemoryArtifactWriter()
    let tokenKeys = InMemoryTokenKeys([EngineBed.key("key-1")])
    let ca: InMemoryCertificateAuthority
    /// The CA the engine uses instead of `ca` (a rotation from it to another).
    var authority: (any CertificateAuthority)?
    private(set) var now: Date
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let holder = LockHolder(user: "test", host: "engine", processID: 1, operation: "apply", since: start)

    init() throws {
        workspace = try Workspace()
        now = Self.start
        ca = InMemoryCertificateAuthority(clock: FixedClock(Self.start))
    }

    /// Moves the engine's and the CA's clock forward.
    func advance(days: Double) async {
        now = now.addingTimeInterval(days * 86_400)
        await ca.set(clock: FixedClock(now))
    }

    func reconciler() throws -> Reconciler {
        let loaded = workspace.load()
        guard loaded.isValid, let deployment = loaded.network.deployment else {
            throw TestFailure("the workspace's files are not valid: \(loaded.diagnostics.map(\.message))")
        }
        let ports = PlatformPorts(
            state: state, ca: authority ?? ca, directory: directory, clients: clients, gateway: gateway, output: output,
            clock: FixedClock(now), tokenKeys: tokenKeys
        )
        return Reconciler(
            input: EngineInput(network: loaded.network, deployment: deployment), ports: ports,
            gateway: GatewayConfigBuilder.Settings(upstream: deployment.platform.fhirBaseURL.value), kitTemplate: nil
        )
    }

    /// A signing key as the gateway records it (the bytes are never verified in engine tests).
    static func key(_ id: String, algorithm: String = "RS256") -> GatewaySigningKey {
        GatewaySigningKey(keyID: id, algorithm: algorithm, spki: "TUlJQkl" + id.filter(\.isLetter))
    }

    func plan(refresh: Bool = true, allowRemoval: Bool = false) async throws -> Plan {
        try await reconciler().plan(refresh: refresh, allowRemoval: allowRemoval).plan
    }

    @discardableResult
    func apply(_ saved: Plan? = nil, allowRemoval: Bool = false) async throws -> (Plan, ApplySummary?) {
        try await reconciler().apply(
            saved: saved, refresh: true, allowRemoval: allowRemoval, holder: Self.holder, gitCommit: "0123abc",
            observer: { _ in }
        )
    }

    /// Applies everything and checks that nothing is left to do.
    func converge(allowRemoval: Bool = false) async throws {
        try await apply(allowRemoval: allowRemoval)
        let after = try await plan(allowRemoval: allowRemoval)
        guard !after.hasChanges else { throw TestFailure("not converged: \(after.changes.map(\.address))") }
    }

    func edit(_ partner: String, _ transform: (String) -> String) throws {
        try workspace.edit("Partners/\(partner).yaml", transform)
    }

    /// The platform id state recorded for a resource.
    func platformID(_ address: ResourceAddress) async -> String? {
        await state.snapshot().resources[address]?.platformID
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Plan {
    func change(_ address: ResourceAddress) -> PlannedChange? {
        changes.first { $0.address == address }
    }

    func changes(of partner: String) -> [PlannedChange] {
        changes.filter { $0.address.partnerID == partner }
    }
}

extension ResourceAddress {
    static func partner(_ id: String, _ kind: ResourceKind) -> ResourceAddress {
        ResourceAddress(partner: id, kind)
    }
}
