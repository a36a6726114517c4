/// The deployment (`onboard.yaml`): which hospital, which platform, where state and the CA live. Its name scopes
/// everything onboard owns on the platform (tags, `software_id`, certificate SAN URIs).
public struct Deployment: Sendable, Hashable {
    public let file: String
    public let name: Located<String>
    public let hospital: HospitalIdentity
    public let platform: PlatformURLs
    public let state: StateSettings
    public let ca: CASettings
    public let targets: TargetSettings
    /// The hospital's own services (`spec.services`), which partners may refer to.
    public let services: [ServiceDeclaration]

    public init(
        file: String, name: Located<String>, hospital: HospitalIdentity, platform: PlatformURLs,
        state: StateSettings, ca: CASettings, targets: TargetSettings = TargetSettings(),
        services: [ServiceDeclaration] = []
    ) {
        self.services = services
        self.targets = targets
        self.file = file
        self.name = name
        self.hospital = hospital
        self.platform = platform
        self.state = state
        self.ca = ca
    }
}
