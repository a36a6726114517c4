import Foundation

extension GrantDeclaration {
    /// The purpose-of-use codes of v3-ActReason a grant may name (the `PurposeOfUse` value set's codes).
    public static let purposes = [
        "TREAT", "ETREAT", "BTG", "ERTREAT", "CAREMGT", "CLINTRL", "PATRQT", "FAMRQT", "PWATRNY", "SUPNWK",
        "HOPERAT", "HPAYMT", "HRESCH", "PUBHLTH", "HDIRECT", "HSYSADMIN", "POPHLTH", "COC", "TRANSRCH",
    ]
    /// The types a grant may name: R4 clinical records that belong to one patient through a single `subject` or
    /// `patient` reference, which a search names (`patient=`) and the gateway compares on a read by id. Not the
    /// patient's own record, not the referral workflow (the routes govern ServiceRequest and Task), not records that
    /// name several patients or find them through other elements (Account, AuditEvent, Provenance, Group …).
    public static let grantableResources: Set<String> = [
        "AllergyIntolerance", "BodyStructure", "CarePlan", "CareTeam", "ClinicalImpression", "Communication",
        "Composition", "Condition", "DetectedIssue", "DeviceRequest", "DeviceUseStatement", "DiagnosticReport",
        "DocumentReference", "Encounter", "EpisodeOfCare", "FamilyMemberHistory", "Flag", "Goal", "ImagingStudy",
        "Immunization", "List", "Media", "MedicationAdministration", "MedicationDispense", "MedicationRequest",
        "MedicationStatement", "NutritionOrder", "Observation", "Procedure", "QuestionnaireResponse",
        "RiskAssessment", "Specimen",
    ]

    static func decode(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> GrantDeclaration? {
        guard let reader = decoder.mapping(node, path) else { return nil }
        defer { reader.finish() }
        let id = reader.required("id") {
            decoder.checked($0, $1, code: .invalidIdentifier, ValueRules.identifierProblem)
        }
        let patient = reader.required("patient") { decoder.checked($0, $1) { Self.referenceProblem($0, "Patient") } }
        let resources = reader.required("resources") { decoder.grantResources($0, $1) }
        let interactions = reader.required("interactions") { decoder.grantLetters($0, $1) }
        let purpose = reader.optional("purpose") { decoder.checked($0, $1, Self.purposeProblem) }
        let basis = reader.optional("basis") {
            decoder.checked($0, $1) { Self.referenceProblem($0, "ServiceRequest") }
        }
        let from = reader.required("from", decoder.instant)
        let until = reader.required("until", decoder.instant)
        if let from, let until, until.value <= from.value {
            decoder.sink.report(
                .invalidValue, at: until.location, path: path.key("until"),
                "until (\(UTCInstant.text(until.value))) must be after from (\(UTCInstant.text(from.value)))")
        }
        guard let id, let patient, let resources, let interactions, let from, let until else { return nil }
        return GrantDeclaration(
            id: id, patient: patient, resources: resources, interactions: interactions,
            purpose: purpose ?? Located("TREAT", at: reader.owner), basis: basis, from: from, until: until,
            location: reader.owner)
    }

    /// A list of grants, each id once.
    static func decodeList(_ node: SpecNode, _ path: FieldPath, _ decoder: NodeDecoder) -> [GrantDeclaration]? {
        decoder.eachNamedOnce(node, path, key: "id", noun: "grant id", { decode($0, $1, decoder) }, name: \.id)
    }

    /// `Type/<FHIR id>` exactly: a relative reference the gateway and the Consent can compare as text.
    static func referenceProblem(_ text: String, _ type: String) -> String? {
        let prefix = type + "/"
        guard text.hasPrefix(prefix), FHIRLogicalID.isValid(text.dropFirst(prefix.count)) else {
            return "\"\(text)\" is not a reference to a \(type): write \(type)/<id>, the id on the hospital's FHIR "
                + "server (letters, digits, \"-\" and \".\", at most 64)"
        }
        return nil
    }

    static func purposeProblem(_ code: String) -> String? {
        purposes.contains(code)
            ? nil
            : "\"\(code)\" is not a purpose-of-use code of v3-ActReason (e.g. TREAT, ETREAT, CAREMGT)"
                + Suggestion.hint(for: code, in: purposes)
    }
}

extension GrantCeiling {
    static func decode(_ reader: MappingReader, _ decoder: NodeDecoder) -> GrantCeiling? {
        defer { reader.finish() }
        let maxDays = reader.required("maxDays") { decoder.integer($0, $1, in: 1...GrantCeiling.longestDays) }
        let resources = reader.required("resources") { decoder.grantResources($0, $1) }
        let interactions = reader.required("interactions") { decoder.grantLetters($0, $1) }
        guard let maxDays, let resources, let interactions else { return nil }
        return GrantCeiling(
            maxDays: maxDays, resources: resources, interactions: interactions, location: reader.owner)
    }

    /// The longest window any template may allow: a grant is for one episode of care, not standing access.
    public static let longestDays = 90
}

extension NodeDecoder {
    /// A UTC instant with whole seconds (`2026-12-07T08:30:00Z`), the form the gateway compares by its clock.
    func instant(_ node: SpecNode, _ path: FieldPath) -> Located<Date>? {
        guard let text = string(node, path) else { return nil }
        guard let date = UTCInstant.parse(text.value) else {
            sink.report(
                .invalidValue, at: text.location, path: path,
                "\"\(text.value)\" is not a UTC time: write YYYY-MM-DDThh:mm:ssZ (e.g. 2026-12-07T08:30:00Z)")
            return nil
        }
        return Located(date, at: text.location)
    }

    /// The resource types of a grant or a grant ceiling: R4 types, each once, none the grant may never name.
    func grantResources(_ node: SpecNode, _ path: FieldPath) -> [Located<String>]? {
        guard let items = list(node, path, nonEmpty: true) else { return nil }
        var seen: Set<String> = []
        return items.compactMap { item, itemPath in
            guard let type = string(item, itemPath) else { return nil }
            if !FHIRResourceTypes.r4.contains(type.value) {
                sink.report(
                    .invalidValue, at: type.location, path: itemPath,
                    "\"\(type.value)\" is not a FHIR R4 resource type"
                        + Suggestion.hint(for: type.value, in: Array(FHIRResourceTypes.r4)))
                return nil
            }
            if !GrantDeclaration.grantableResources.contains(type.value) {
                sink.report(
                    .invalidValue, at: type.location, path: itemPath,
                    "a grant cannot name \(type.value): it grants records that belong to one patient through their "
                        + "subject or patient (ImagingStudy, DiagnosticReport, Observation, Condition, …); the patient's "
                        + "own record and the referral workflow are never granted")
                return nil
            }
            if !seen.insert(type.value).inserted {
                sink.report(.duplicateIdentifier, at: type.location, path: itemPath, "\(type.value) is listed twice")
                return nil
            }
            return type
        }
    }

    /// Grant letters: an in-order, non-empty subset of `rs` (a grant reads and searches; it never writes).
    func grantLetters(_ node: SpecNode, _ path: FieldPath) -> Located<ScopePermissions>? {
        guard let text = string(node, path) else { return nil }
        guard let permissions = ScopePermissions(grantLetters: text.value) else {
            sink.report(
                .invalidValue, at: text.location, path: path,
                "\"\(text.value)\" is not a grant's interactions: use r (read by id), s (search) or rs")
            return nil
        }
        return Located(permissions, at: text.location)
    }
}

extension ScopePermissions {
    /// `r`, `s` or `rs`; nil for anything else.
    public init?(grantLetters text: String) {
        switch text {
        case "r": self = .read
        case "s": self = .search
        case "rs": self = [.read, .search]
        default: return nil
        }
    }
}
