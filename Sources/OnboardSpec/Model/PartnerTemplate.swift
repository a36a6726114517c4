/// A kind of partner (`Templates/<name>.yaml`): the directory codings, the scope ceiling no partner of the kind may
/// exceed, and the defaults merged under each partner of the kind.
public struct PartnerTemplate: Sendable, Hashable {
    public let file: String
    public let name: Located<String>
    public let description: Located<String>
    public let organizationType: Coding
    public let affiliationRole: Coding
    public let allowedScopes: [Located<SmartScope>]
    /// Where the ceiling is written (the `allowedScopes` key), named in "outside the ceiling" errors.
    public let ceilingLocation: SourceLocation
    public let maxCertificateValidityDays: Located<Int>
    /// Whether partners of this kind may offer services (`services.mayProvide`); false when the template is silent.
    public let mayProvideServices: Located<Bool>?
    /// Whether partners of this kind may send referrals (`referrals.maySend`); false when the template is silent.
    public let maySendReferrals: Located<Bool>?
    /// The longest window, resource types and letters its partners' grants may have; nil allows none.
    public let grants: GrantCeiling?
    /// The raw `defaults` mapping, merged under partner specs before they are decoded.
    public let defaults: SpecNode?

    public init(
        file: String, name: Located<String>, description: Located<String>, organizationType: Coding,
        affiliationRole: Coding, allowedScopes: [Located<SmartScope>], ceilingLocation: SourceLocation,
        maxCertificateValidityDays: Located<Int>,
        defaults: SpecNode?, mayProvideServices: Located<Bool>? = nil, maySendReferrals: Located<Bool>? = nil,
        grants: GrantCeiling? = nil
    ) {
        self.grants = grants
        self.mayProvideServices = mayProvideServices
        self.maySendReferrals = maySendReferrals
        self.file = file
        self.name = name
        self.description = description
        self.organizationType = organizationType
        self.affiliationRole = affiliationRole
        self.allowedScopes = allowedScopes
        self.ceilingLocation = ceilingLocation
        self.maxCertificateValidityDays = maxCertificateValidityDays
        self.defaults = defaults
    }
}
