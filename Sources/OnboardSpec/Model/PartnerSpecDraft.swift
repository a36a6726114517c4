/// The parts of a partner spec that decoded, even when others did not, so policy and file checks can still run on
/// them and `validate` reports every problem in one pass.
public struct PartnerSpecDraft: Sendable {
    public var template: Located<String>?
    public var status: Located<PartnerStatus>?
    public var identifiers: [BusinessIdentifier]?
    public var contacts: [Contact]?
    public var endpoints: [PartnerEndpoint]?
    public var access: PartnerAccess?
    public var certificate: CertificateRequest?
    public var adopt: PartnerAdoption?
    public var services: [ServiceDeclaration]?
    public var referrals: PartnerReferrals?
    public var grants: [GrantDeclaration]?
    /// Where the spec begins, used as the location of defaulted values.
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }

    /// The complete spec, when every required part decoded.
    public var complete: PartnerSpec? {
        guard let template, let contacts, let access, let certificate else { return nil }
        return PartnerSpec(
            template: template, status: status ?? Located(.active, at: location), identifiers: identifiers ?? [],
            contacts: contacts, endpoints: endpoints ?? [], access: access, certificate: certificate, adopt: adopt,
            services: services ?? [], referrals: referrals, grants: grants ?? []
        )
    }
}
