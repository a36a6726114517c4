/// A FHIR Coding as IT writes it in a template (organization type, affiliation role), kept located for diagnostics.
public struct Coding: Sendable, Hashable, Codable {
    public let system: Located<String>
    public let code: Located<String>
    public let display: Located<String>?

    public init(system: Located<String>, code: Located<String>, display: Located<String>? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }
}
