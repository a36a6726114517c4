/// A real-world identifier of an organization (NPI, CLIA, national registry), copied to `Organization.identifier`.
public struct BusinessIdentifier: Sendable, Hashable, Codable {
    public let system: Located<String>
    public let value: Located<String>

    public init(system: Located<String>, value: Located<String>) {
        self.system = system
        self.value = value
    }
}
