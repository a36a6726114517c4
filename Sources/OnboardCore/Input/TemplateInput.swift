import OnboardSpec

/// A partner template as the engine reads it: its name, the kind it gives its partners (directory codings), and its
/// scope ceiling. Plain values, so the engine's discovery and discovery document need no located spec.
public struct TemplateInput: Sendable, Hashable {
    public let name: String
    public let kind: PartnerKind
    public let ceiling: [SmartScope]

    public init(name: String, kind: PartnerKind, ceiling: [SmartScope]) {
        self.name = name
        self.kind = kind
        self.ceiling = ceiling
    }

    public init(_ template: PartnerTemplate) {
        self.init(name: template.name.value, kind: PartnerKind(template), ceiling: template.allowedScopes.map(\.value))
    }
}

extension PartnerKind {
    public init(_ template: PartnerTemplate) {
        self.init(
            description: template.description.value, organizationType: PlainCoding(template.organizationType),
            affiliationRole: PlainCoding(template.affiliationRole)
        )
    }
}
