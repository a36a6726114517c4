import Foundation

/// A time-bound, patient-specific access grant (`spec.grants`): an external specialist may read and search a few
/// resource types of one patient between `from` and `until`. Declared in the partner file so it is reviewed like any
/// other change; the gateway enforces the window by its own clock, so a grant ends without an apply.
public struct GrantDeclaration: Sendable, Hashable, Codable {
    /// Unique within the partner; names the grant's `Consent` and its audit events.
    public let id: Located<String>
    /// `Patient/<id>` on the hospital's FHIR server.
    public let patient: Located<String>
    /// The resource types granted, each at most once.
    public let resources: [Located<String>]
    /// The SMART letters granted: `r` (read by id) and `s` (search), within the template's grant letters.
    public let interactions: Located<ScopePermissions>
    /// Why access is given: a v3-ActReason purpose-of-use code (`TREAT` when the file is silent).
    public let purpose: Located<String>
    /// The referral that asked for it (`ServiceRequest/<id>`), where there is one.
    public let basis: Located<String>?
    public let from: Located<Date>
    public let until: Located<Date>
    /// Where the entry begins, for problems about the grant as a whole.
    public let location: SourceLocation

    public init(
        id: Located<String>, patient: Located<String>, resources: [Located<String>],
        interactions: Located<ScopePermissions>, purpose: Located<String>, basis: Located<String>?,
        from: Located<Date>, until: Located<Date>, location: SourceLocation
    ) {
        self.id = id
        self.patient = patient
        self.resources = resources
        self.interactions = interactions
        self.purpose = purpose
        self.basis = basis
        self.from = from
        self.until = until
        self.location = location
    }
}

/// What a template lets its partners be granted (`grants: {maxDays, resources, interactions}`): the longest window,
/// the resource types and the letters. A template without it allows no grant.
public struct GrantCeiling: Sendable, Hashable {
    public let maxDays: Located<Int>
    public let resources: [Located<String>]
    public let interactions: Located<ScopePermissions>
    /// Where `grants:` is written, named in "outside the ceiling" errors.
    public let location: SourceLocation

    public init(
        maxDays: Located<Int>, resources: [Located<String>], interactions: Located<ScopePermissions>,
        location: SourceLocation
    ) {
        self.maxDays = maxDays
        self.resources = resources
        self.interactions = interactions
        self.location = location
    }
}
