/// Everything declared in a repository: the deployment, its templates and its partners, all checked.
/// Only complete, valid declarations are present; what failed is described by the diagnostics beside it.
public struct PartnerNetwork: Sendable {
    public let deployment: Deployment?
    public let templates: [String: PartnerTemplate]
    /// Sorted by id.
    public let partners: [Partner]

    public init(deployment: Deployment?, templates: [String: PartnerTemplate], partners: [Partner]) {
        self.deployment = deployment
        self.templates = templates
        self.partners = partners
    }
}
