import Foundation
import OnboardCore
import Testing

/// Canonical text: keys sorted, no spaces, every character JSON must escape escaped, and the result parses back to
/// the same value (state compares documents by it).
@Suite struct CanonicalTextTests {
    @Test func escapesAreWrittenInPlaceAndTheRestWhole() throws {
        let text = "plain \"quoted\" back\\slash\nline\r\ttab \u{01}ctl é ✓"
        let value: JSONValue = ["b": .string(text), "a": [.string(""), .string("\""), .string("x\n")]]
        #expect(
            value.canonicalText
                == #"{"a":["","\"","x\n"],"b":"plain \"quoted\" back\\slash\nline\r\ttab \u0001ctl é ✓"}"#)
        #expect(try JSONValue.parse(value.canonicalText) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(value.canonicalText.utf8)) as? [String: Any]
        #expect(foundation?["b"] as? String == text, "an independent parser reads the same text")
    }
}
