import OnboardCore
import Testing

/// Field differences a reviewer reads in a plan: down to what changed, keyed where the document gives a natural key.
@Suite struct DifferencesTests {
    @Test func anArrayElementRemovedIsNamedByItsKey() {
        let before: JSONValue = [
            "rest": [
                [
                    "resource": [
                        ["type": "Patient", "interaction": [["code": "read"]]],
                        ["type": "Observation", "interaction": [["code": "create"]]],
                    ]
                ]
            ]
        ]
        let after: JSONValue = ["rest": [["resource": [["type": "Patient", "interaction": [["code": "read"]]]]]]]
        let changes = before.differences(to: after)
        #expect(
            changes == [
                FieldChange(
                    path: "rest[0].resource[type=Observation]",
                    before: ["type": "Observation", "interaction": [["code": "create"]]], after: nil
                )
            ])
    }

    @Test func aKeyedElementThatChangesRecursesIntoIt() {
        let before: JSONValue = ["interaction": [["code": "read"], ["code": "search-type"]]]
        let after: JSONValue = ["interaction": [["code": "read"], ["code": "create"]]]
        #expect(
            before.differences(to: after).map(\.path) == ["interaction[code=search-type]", "interaction[code=create]"])
    }

    @Test func scalarElementsAddedOrRemovedAreReportedOneByOne() {
        let before: JSONValue = ["types": ["application/fhir+json", "application/fhir+xml"]]
        let after: JSONValue = ["types": ["application/fhir+json"]]
        #expect(
            before.differences(to: after) == [FieldChange(path: "types[1]", before: "application/fhir+xml", after: nil)]
        )
        let reordered: JSONValue = ["types": ["application/fhir+xml", "application/fhir+json"]]
        #expect(before.differences(to: reordered).map(\.path) == ["types"], "a reordering is shown whole")
    }

    @Test func equalDocumentsHaveNoDifferences() {
        let document: JSONValue = ["a": [["name": "x"], ["name": "y"]], "b": 1]
        #expect(document.differences(to: document).isEmpty)
    }
}
