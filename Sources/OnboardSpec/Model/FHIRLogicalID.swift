/// FHIR's rule for a logical id (`[A-Za-z0-9\-\.]{1,64}`), shared by what a partner file may adopt and what
/// `onboard import` asks the server for, so neither puts anything else into a reference or a search URL.
public enum FHIRLogicalID {
    public static func isValid(_ id: Substring) -> Bool {
        (1...64).contains(id.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}
