import Foundation
import OnboardSpec

/// A partner's access grant as the engine sees it: one patient, a few resource types, read and/or search, between
/// `from` and `until`. While it has not ended it is a restricted SMART scope per type on the partner's client
/// (`system/<Type>.<letters>?patient=Patient/<id>`) and an entry in the gateway's grant map, and always a `Consent`.
public struct GrantInput: Sendable, Hashable {
    public let id: String
    /// `Patient/<id>`.
    public let patient: String
    public let resources: [String]
    public let permissions: ScopePermissions
    /// A v3-ActReason purpose-of-use code.
    public let purpose: String
    /// `ServiceRequest/<id>`, the referral that asked for it.
    public let basis: String?
    public let from: Date
    public let until: Date
    /// Where the file names the patient and the basis: the plan reports there what the FHIR server says of them.
    public let patientLocation: SourceLocation?
    public let basisLocation: SourceLocation?

    public init(
        id: String, patient: String, resources: [String], permissions: ScopePermissions, purpose: String = "TREAT",
        basis: String? = nil, from: Date, until: Date, patientLocation: SourceLocation? = nil,
        basisLocation: SourceLocation? = nil
    ) {
        self.patientLocation = patientLocation
        self.basisLocation = basisLocation
        self.id = id
        self.patient = patient
        self.resources = resources
        self.permissions = permissions
        self.purpose = purpose
        self.basis = basis
        self.from = from
        self.until = until
    }

    init(_ grant: GrantDeclaration) {
        self.init(
            id: grant.id.value, patient: grant.patient.value, resources: grant.resources.map(\.value),
            permissions: grant.interactions.value, purpose: grant.purpose.value, basis: grant.basis?.value,
            from: grant.from.value, until: grant.until.value, patientLocation: grant.patient.location,
            basisLocation: grant.basis?.location)
    }

    /// Whether its window has closed: from then on it is no scope, no gateway entry and an inactive Consent.
    public func hasEnded(at now: Date) -> Bool { now >= until }

    /// The restricted scopes a token needs for it, one per resource type, in file order.
    public var scopes: [SmartScope] {
        resources.map {
            SmartScope(
                context: .system, resourceType: $0, permissions: permissions,
                query: [ScopeQueryParameter(name: "patient", value: patient)])
        }
    }
}
