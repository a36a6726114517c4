import OnboardSpec
import Testing

@Suite struct SmartScopeTests {
    func scope(_ text: String) throws -> SmartScope { try SmartScope(parsing: text) }

    @Test(arguments: [
        ("system/Observation.rs", "system/Observation.rs"),
        ("patient/*.cruds", "patient/*.cruds"),
        ("user/Patient.read", "user/Patient.rs"),
        ("system/Observation.write", "system/Observation.cud"),
        ("system/*.*", "system/*.cruds"),
        (
            "system/Observation.s?category=laboratory&code=http://loinc.org|1234-5",
            "system/Observation.s?category=laboratory&code=http://loinc.org|1234-5"
        ),
        (
            "system/Observation.r?status=final&category=vital-signs",
            "system/Observation.r?category=vital-signs&status=final"
        ),
    ])
    func parsesAndNormalisesToV2(_ input: String, _ normalised: String) throws {
        #expect(try scope(input).description == normalised)
    }

    @Test(arguments: [
        "system/Observation", "system/Observation.", "system/Observation.sr", "system/Observation.rr",
        "system/Observation.x", "admin/Patient.rs", "Patient.rs", "system/.rs", "system/Obs.rs",
        "system/Observation.rs?", "system/Observation.rs?category", "system/Observation.rs?=x",
        " system/Patient.rs", "openid",
    ])
    func rejectsMalformedScopes(_ input: String) {
        #expect(throws: ScopeParseError.self) { try SmartScope(parsing: input) }
    }

    @Test func v1FormsAreRemembered() throws {
        #expect(try scope("system/Patient.read").wasVersion1)
        #expect(try !scope("system/Patient.rs").wasVersion1)
    }

    @Test(arguments: [
        // (scope, ceiling, inside?)
        ("system/Observation.rs", "system/Observation.crus", true),
        ("system/Observation.rs", "system/Observation.rs", true),
        ("system/Observation.rs", "system/Observation.r", false),
        ("system/Observation.rs", "system/*.rs", true),
        ("system/*.rs", "system/Observation.rs", false),
        ("system/Observation.rs", "patient/Observation.rs", false),
        ("user/Observation.rs", "system/Observation.cruds", false),
        ("system/Observation.rs", "system/Patient.rs", false),
        ("system/Observation.rs?category=laboratory", "system/Observation.rs", true),
        ("system/Observation.rs", "system/Observation.rs?category=laboratory", false),
        ("system/Observation.rs?category=laboratory", "system/Observation.rs?category=laboratory", true),
        ("system/Observation.rs?category=laboratory", "system/Observation.rs?category=vital-signs", false),
        ("system/Observation.r?category=laboratory&status=final", "system/Observation.rs?category=laboratory", true),
        ("system/Observation.read", "system/Observation.rs", true),
        ("system/Observation.write", "system/Observation.crus", false),
    ])
    func subsetTest(_ candidate: String, _ ceiling: String, _ inside: Bool) throws {
        #expect(try scope(candidate).isInside(scope(ceiling)) == inside)
    }
}
