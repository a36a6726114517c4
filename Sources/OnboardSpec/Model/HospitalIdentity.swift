/// The hospital that runs the platform: the other side of every `OrganizationAffiliation`.
public struct HospitalIdentity: Sendable, Hashable {
    public let name: Located<String>
    public let identifiers: [BusinessIdentifier]

    public init(name: Located<String>, identifiers: [BusinessIdentifier]) {
        self.name = name
        self.identifiers = identifiers
    }
}
