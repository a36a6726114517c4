import Foundation
import OnboardSpec

/// The reconcile use case behind `plan` and `apply`: builds desired state from the files, reads recorded and actual
/// state through the ports, plans, and applies under the state lock.
public struct Reconciler: Sendable {
    public let input: EngineInput
    public let ports: PlatformPorts
    public let gateway: GatewayConfigBuilder.Settings
    public let kitTemplate: String?

    public init(input: EngineInput, ports: PlatformPorts, gateway: GatewayConfigBuilder.Settings, kitTemplate: String?)
    {
        self.input = input
        self.ports = ports
        self.gateway = gateway
        self.kitTemplate = kitTemplate
    }

    /// A plan against the current state; with `early` (a refresh started before the files were loaded, see
    /// `EarlyRefresh`), against the state it read.
    public func plan(refresh: Bool, allowRemoval: Bool, early: EarlyRefresh? = nil) async throws -> PlanOutcome {
        let snapshot: StateSnapshot
        if let early { snapshot = try await early.snapshot.value } else { snapshot = try await ports.state.snapshot() }
        return try await plan(snapshot: snapshot, refresh: refresh, allowRemoval: allowRemoval, early: early)
    }

    /// `signingKeys`: the keys to build the gateway with; by default read from the key source on refresh, else the
    /// ones recorded at the last apply.
    func plan(
        snapshot: StateSnapshot, refresh: Bool, allowRemoval: Bool, signingKeys: [GatewaySigningKey]? = nil,
        early: EarlyRefresh? = nil
    ) async throws -> PlanOutcome {
        let now = ports.clock.now()
        // The platform is read while desired state is built: the refresh needs only the recorded state (and the
        // adopted objects' ids).
        let refresher = PlatformRefresher(ports: ports, deployment: input.deployment.name)
        let adopting = input.partners.flatMap(\.adoptions)
        async let refreshed = { () async throws -> (ActualState?, Double) in
            guard refresh else { return (nil, 0) }
            guard let early = early?.readout else {
                return try await Self.timed { try await refresher.refresh(snapshot, adopting: adopting) }
            }
            let adopted = try await refresher.adopted(snapshot, adopting)
            let (readout, seconds) = try await early.value
            return (readout.adding(adopted: adopted.documents, requests: adopted.requests), seconds)
        }()
        // The CA's inventory, the certificates the files adopt and the partners' published key sets are read meanwhile.
        async let keySetsChecked: Void = {
            guard refresh, let reader = ports.partnerKeySets else { return }
            try await PartnerKeySetCheck(reader: reader, concurrency: ports.concurrency).verify(input.partners)
        }()
        async let grantsChecked: Void = {
            guard refresh, ports.directory.holdsClinicalRecords else { return }
            try await GrantReferenceCheck(directory: ports.directory).verify(input.partners, now: now)
        }()
        async let caFacts = caFacts()
        async let adoptedCertificates = examineAdoptedCertificates(snapshot, now: now)
        let keys: [GatewaySigningKey]
        if let signingKeys {
            keys = signingKeys
        } else if refresh, let early = early?.keys, let read = try await early.value {
            keys = read
        } else if refresh, let source = ports.tokenKeys {
            keys = try await source.signingKeys()
        } else {
            keys = GatewaySigningKey.recorded(in: snapshot.resources[.gateway]?.document)
        }
        let rotation = try await ports.ca.rotation()
        let (desired, desiredSeconds) = try await Self.timed {
            try await desiredState(snapshot: snapshot, signingKeys: keys, rotation: rotation)
        }
        let (actual, refreshSeconds) = try await refreshed
        try await keySetsChecked
        try await grantsChecked
        let (certificates, crlNextUpdate) = try await caFacts
        let planner = Planner(
            desired: desired, state: snapshot, actual: actual, certificates: certificates, crlNextUpdate: crlNextUpdate,
            now: now, allowRemoval: allowRemoval, adoptedCertificates: await adoptedCertificates, rotation: rotation
        )
        let (plan, planSeconds) = try await Self.timed {
            try planner.plan(
                deployment: input.deployment.name,
                inputsDigest: InputsFingerprint.compute(desired, allowRemoval: allowRemoval)
            )
        }
        return PlanOutcome(
            plan: plan, desired: desired, refreshRequests: actual?.requests,
            phases: [("desired", desiredSeconds), ("refresh", refreshSeconds), ("plan", planSeconds)]
        )
    }

    /// What the files want of the platform, given what state recorded (ids, dates kept) and the gateway's keys.
    func desiredState(
        snapshot: StateSnapshot, signingKeys: [GatewaySigningKey], rotation: CARotationStatus? = nil
    ) async throws -> DesiredState {
        let now = ports.clock.now()
        var gateway = gateway
        if let rotation, rotation.trustedIssuers.count > 1 { gateway.trustedIssuers = rotation.trustedIssuers }
        return try await DesiredState.build(
            input: input, recorded: snapshot.resources, today: Self.day(now), now: now, gateway: gateway,
            signingKeys: signingKeys
        )
    }

    /// What `body` returns and how long it took (monotonic; for the report only, no decision depends on it).
    static func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, (ContinuousClock.now - start).inSeconds)
    }

    /// Applies `saved` (refused when stale) or a fresh plan, holding the state lock throughout (waiting up to
    /// `lockTimeout` seconds for another run to release it).
    public func apply(
        saved: Plan?, refresh: Bool, allowRemoval: Bool, holder: LockHolder, gitCommit: String?,
        lockTimeout: TimeInterval = 0,
        approve: @Sendable (Plan) async -> Bool = { _ in true }, observer: @escaping @Sendable (ApplyEvent) -> Void
    ) async throws -> (Plan, ApplySummary?) {
        let lock = try await ports.state.lock(holder, waitingUpTo: lockTimeout)
        do {
            let result = try await applyLocked(
                saved: saved, refresh: refresh, allowRemoval: allowRemoval, holder: holder, gitCommit: gitCommit,
                approve: approve, observer: observer
            )
            await lock.release()
            return result
        } catch {
            await lock.release()
            throw error
        }
    }

    private func applyLocked(
        saved: Plan?, refresh: Bool, allowRemoval: Bool, holder: LockHolder, gitCommit: String?,
        approve: @Sendable (Plan) async -> Bool, observer: @escaping @Sendable (ApplyEvent) -> Void
    ) async throws -> (Plan, ApplySummary?) {
        let snapshot = try await ports.state.snapshot()
        let plan: Plan
        let desired: DesiredState
        if let saved {
            try Self.checkFresh(saved, against: snapshot)
            // The keys the saved plan was made with, so the inputs compare as they were.
            let plannedKeys = saved.changes.first { $0.address == .gateway }?.desired.map {
                GatewaySigningKey.recorded(in: $0)
            }
            let current = try await desiredState(
                snapshot: snapshot,
                signingKeys: plannedKeys ?? GatewaySigningKey.recorded(in: snapshot.resources[.gateway]?.document),
                rotation: try await ports.ca.rotation()
            )
            guard InputsFingerprint.compute(current, allowRemoval: allowRemoval) == saved.inputsDigest else {
                throw OnboardError(
                    .stalePlan,
                    "the saved plan is stale: the partner files (or --allow-removal) changed since it was made. "
                        + "Run plan again."
                )
            }
            plan = saved
            desired = current
        } else {
            let current = try await self.plan(snapshot: snapshot, refresh: refresh, allowRemoval: allowRemoval)
            (plan, desired) = (current.plan, current.desired)
        }
        guard plan.hasChanges else {
            // Nothing to change, but an apply killed after its last change may have left its records unwritten.
            _ = try? await AuditTrail(ports: ports, deployment: input.deployment).writePending()
            return (plan, nil)
        }
        guard await approve(plan) else { return (plan, nil) }
        let applier = Applier(ports: ports, deployment: input.deployment, kitTemplate: kitTemplate, observer: observer)
        return (
            plan,
            try await applier.apply(
                plan, desired: desired, actor: "\(holder.user)@\(holder.host)", gitCommit: gitCommit)
        )
    }

    /// A saved plan applies only to the exact state it was made against.
    public static func checkFresh(_ plan: Plan, against snapshot: StateSnapshot) throws(OnboardError) {
        guard plan.formatVersion == Plan.formatVersion else {
            throw OnboardError(
                .unsupportedPlan,
                "the plan file has format version \(plan.formatVersion); this onboard reads \(Plan.formatVersion)")
        }
        guard plan.lineage == snapshot.lineage else {
            throw OnboardError(
                .stalePlan,
                "the saved plan was made against another state (lineage \(plan.lineage), this state is \(snapshot.lineage))"
            )
        }
        guard plan.serial == snapshot.serial else {
            throw OnboardError(
                .stalePlan,
                "the saved plan is stale: it was made at state serial \(plan.serial) and the state is now at serial "
                    + "\(snapshot.serial) (another apply ran since). Run plan again."
            )
        }
    }

    /// The certificates partner files adopt, each judged by the CA.
    private func examineAdoptedCertificates(
        _ snapshot: StateSnapshot, now: Date
    ) async -> [ResourceAddress: CertificateExamination] {
        var examined: [ResourceAddress: CertificateExamination] = [:]
        for partner in input.partners {
            let address = ResourceAddress(partner: partner.id, .certificate)
            guard let adopted = partner.adoptedCertificate else { continue }
            let outcome: Result<CertificateRecord, OnboardError>
            do {
                outcome = .success(
                    try await ports.ca.examine(adopted.pem, partnerID: partner.id, deployment: input.deployment.name))
            } catch {
                outcome = .failure(error)
            }
            let renewal = (try? outcome.get()).map {
                RenewalPolicy.status(of: $0, renewBeforeDays: partner.renewBeforeDays, now: now)
            }
            examined[address] = CertificateExamination(
                adopted: adopted, outcome: outcome, renewalDaysLeft: renewal?.isDue == true ? renewal?.daysLeft : nil
            )
        }
        return examined
    }

    private func caFacts() async throws -> ([CertificateRecord], Date?) {
        do {
            return (try await ports.ca.inventory(), try await ports.ca.describe().crlNextUpdate)
        } catch  where error.code == .notInitialized {
            return ([], nil)
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
