extension ResourceRecord {
    /// How the adapter that wrote this resource finds it again, with its secret unsealed for the duration of a call.
    public func handle(_ sealer: any SecretSealer) async throws -> PlatformHandle {
        var secret: String?
        if let sealed { secret = try await sealer.open(sealed) }
        return PlatformHandle(platformID: platformID, version: version, secret: secret)
    }
}
