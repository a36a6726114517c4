import OnboardSpec

/// The few fields desired state takes from recorded documents, read straight from canonical text (no full parse: a
/// no-change plan of 10,000 partners reads 20,000 of them).
enum RecordedFields {
    /// `period` of an affiliation.
    static func period(_ canonical: String) -> JSONValue? {
        guard let start = value(of: "start", after: "\"period\":{", in: canonical) else { return nil }
        var period: [String: JSONValue] = ["start": .string(start)]
        if let end = value(of: "end", after: "\"period\":{", in: canonical) { period["end"] = .string(end) }
        return .object(period)
    }

    /// Top-level `date` of a CapabilityStatement.
    static func date(_ canonical: String) -> String? {
        value(of: "date", after: "", in: canonical)
    }

    /// The string value of `"key":"…"` within the object that starts at `prefix` (canonical text has no spaces and
    /// keys sorted, so the first match inside that object is the one).
    private static func value(of key: String, after prefix: String, in text: String) -> String? {
        var scope = Substring(text)
        if !prefix.isEmpty {
            guard let start = TextSearch.range(of: prefix, in: scope) else { return nil }
            scope = text[start.upperBound...]
            if let end = scope.firstIndex(of: "}") { scope = scope[..<end] }
        }
        guard let keyRange = TextSearch.range(of: "\"\(key)\":\"", in: scope) else { return nil }
        let rest = scope[keyRange.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }
}
