/// The recorded state and — for a plan that reads the platform — the platform's readout of it, started before the
/// partner files are loaded: neither needs the files or desired state, so `plan` reads state and the platform (and
/// the authorization server's signing keys) while it loads and checks the files. Only the objects the files adopt are
/// read after.
public struct EarlyRefresh: Sendable {
    let snapshot: Task<StateSnapshot, any Error>
    /// nil when the plan trusts recorded state (`--refresh=false`).
    let readout: Task<(ActualState, Double), any Error>?
    let keys: Task<[GatewaySigningKey]?, any Error>?

    /// Starts reading; `deployment` names whose clients the readout looks for.
    public static func start(ports: PlatformPorts, deployment: String, refresh: Bool) -> EarlyRefresh {
        let snapshot = Task { try await ports.state.snapshot() }
        guard refresh else { return EarlyRefresh(snapshot: snapshot, readout: nil, keys: nil) }
        let refresher = PlatformRefresher(ports: ports, deployment: deployment)
        return EarlyRefresh(
            snapshot: snapshot,
            readout: Task { try await Reconciler.timed { try await refresher.refresh(snapshot.value) } },
            keys: Task { try await ports.tokenKeys?.signingKeys() }
        )
    }

    /// Stops reading (the command failed before planning).
    public func cancel() {
        snapshot.cancel()
        readout?.cancel()
        keys?.cancel()
    }
}
