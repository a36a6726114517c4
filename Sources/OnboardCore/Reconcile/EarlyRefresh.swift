/// The recorded state and the platform's readout of it, started before the partner files are loaded: reading what
/// state records needs neither the files nor desired state, so `plan` reads the platform (and the authorization
/// server's signing keys) while it loads and checks the files. Only the objects the files adopt are read after.
public struct EarlyRefresh: Sendable {
    public let snapshot: StateSnapshot
    let readout: Task<(ActualState, Double), any Error>
    let keys: Task<[GatewaySigningKey]?, any Error>

    /// Starts reading; `deployment` names whose clients the readout looks for.
    public static func start(ports: PlatformPorts, deployment: String) async throws -> EarlyRefresh {
        let snapshot = try await ports.state.snapshot()
        let refresher = PlatformRefresher(ports: ports, deployment: deployment)
        return EarlyRefresh(
            snapshot: snapshot,
            readout: Task { try await Reconciler.timed { try await refresher.refresh(snapshot) } },
            keys: Task { try await ports.tokenKeys?.signingKeys() }
        )
    }

    /// Stops reading (the command failed before planning).
    public func cancel() {
        readout.cancel()
        keys.cancel()
    }
}
