extension ResourceRecord {
    /// How the adapter that wrote this resource finds it again, with its secret unsealed for the duration of a call.
    public func handle(_ sealer: any SecretSealer) throws -> PlatformHandle {
        PlatformHandle(platformID: platformID, version: version, secret: try sealed.map { try sealer.open($0) })
    }
}
