/// A stable machine-readable name for each kind of problem, so CI tooling and tests can match on it
/// instead of on message text. The raw values are part of the documented JSON output.
public enum DiagnosticCode: String, Sendable, Hashable, Codable, CaseIterable {
    case yamlSyntax = "yaml-syntax"
    case wrongType = "wrong-type"
    case missingField = "missing-field"
    case unknownKey = "unknown-key"
    case invalidValue = "invalid-value"
    case unsupportedVersion = "unsupported-version"
    case wrongKind = "wrong-kind"
    case invalidIdentifier = "invalid-id"
    case nameMismatch = "name-mismatch"
    case duplicateIdentifier = "duplicate-id"
    case unknownTemplate = "unknown-template"
    case invalidScope = "invalid-scope"
    case scopeOutsideCeiling = "scope-outside-ceiling"
    case duplicateScope = "duplicate-scope"
    case insecureAddress = "insecure-address"
    case unknownConnectionType = "unknown-connection-type"
    case invalidEmail = "invalid-email"
    case missingFile = "missing-file"
    case unparseableFile = "unparseable-file"
    case secretInFile = "secret-in-file"
    case limitExceeded = "limit-exceeded"
    case conflictingFields = "conflicting-fields"
    case unprintableText = "unprintable-text"
    /// Found at plan time, against the platform: an object `spec.adopt` names cannot be adopted.
    case adoptionRefused = "adoption-refused"
    /// Found at plan time: the key set a partner's `jwksUri` publishes cannot be read or used.
    case keySetUnusable = "key-set-unusable"
    /// A grant names a patient or a basis ServiceRequest the FHIR server does not hold, or a basis about another
    /// patient (found at plan time).
    case grantReferenceUnknown = "grant-reference-unknown"
}
