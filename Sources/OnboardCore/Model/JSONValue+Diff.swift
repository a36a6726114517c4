extension JSONValue {
    /// The fields that differ between two documents, as paths with the value before and after (absent values are
    /// nil), so a reviewer sees what changed and nothing else. Objects recurse by key. Arrays of objects that carry a
    /// natural key (FHIR's `type`, `code`, `name`, `url`, …: unique in both arrays) are matched by it and shown as
    /// `rest[0].resource[type=Patient]`; other arrays of equal length compare element by element; otherwise the
    /// elements only one side has are reported one by one (`payloadMimeTypes[1]`), and a mere reordering as the whole
    /// array.
    public func differences(to other: JSONValue, path: String = "") -> [FieldChange] {
        switch (self, other) {
        case (.object(let before), .object(let after)):
            return Set(before.keys).union(after.keys).sorted().flatMap { key -> [FieldChange] in
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                switch (before[key], after[key]) {
                case (let old?, let new?): return old.differences(to: new, path: childPath)
                case (let old?, nil): return [FieldChange(path: childPath, before: old, after: nil)]
                case (nil, let new?): return [FieldChange(path: childPath, before: nil, after: new)]
                case (nil, nil): return []
                }
            }
        case (.array(let before), .array(let after)) where self != other:
            if let key = Self.naturalKey(before, after) {
                return Self.keyedDifferences(before, after, key: key, path: path)
            }
            if before.count == after.count, before.contains(where: \.isObject) {
                return zip(before, after).enumerated().flatMap { $1.0.differences(to: $1.1, path: "\(path)[\($0)]") }
            }
            return Self.elementDifferences(before, after, path: path)
        default:
            return self == other ? [] : [FieldChange(path: path, before: self, after: other)]
        }
    }

    /// Member names FHIR (and onboard's own documents) use to tell array elements apart, most specific first.
    static let keyCandidates = ["type", "code", "name", "url", "system", "address"]

    var isObject: Bool { if case .object = self { true } else { false } }

    /// The first candidate whose scalar value every element of both arrays has, unique within each array.
    static func naturalKey(_ before: [JSONValue], _ after: [JSONValue]) -> String? {
        guard !(before.isEmpty && after.isEmpty), (before + after).allSatisfy(\.isObject) else { return nil }
        return keyCandidates.first { key in
            [before, after].allSatisfy { elements in
                let values = elements.compactMap { $0[key]?.stringValue }
                return values.count == elements.count && Set(values).count == values.count
            }
        }
    }

    static func keyedDifferences(
        _ before: [JSONValue], _ after: [JSONValue], key: String, path: String
    ) -> [FieldChange] {
        // `naturalKey` checked that every element has this key, with a string value unique on its side.
        func name(_ element: JSONValue) -> String { element[key]!.stringValue! }
        let old = Dictionary(uniqueKeysWithValues: before.map { (name($0), $0) })
        let new = Dictionary(uniqueKeysWithValues: after.map { (name($0), $0) })
        let order = before.map(name) + after.map(name).filter { old[$0] == nil }
        return order.flatMap { name -> [FieldChange] in
            let elementPath = "\(path)[\(key)=\(name)]"
            switch (old[name], new[name]) {
            case (let was?, let now?): return was.differences(to: now, path: elementPath)
            case (let was?, nil): return [FieldChange(path: elementPath, before: was, after: nil)]
            case (nil, let now?): return [FieldChange(path: elementPath, before: nil, after: now)]
            case (nil, nil): return []
            }
        }
    }

    /// Elements only one side has, each at its index on that side; a reordering of the same elements is reported whole.
    static func elementDifferences(_ before: [JSONValue], _ after: [JSONValue], path: String) -> [FieldChange] {
        let removed = unmatched(before, in: after).map {
            FieldChange(path: "\(path)[\($0.offset)]", before: $0.element, after: nil)
        }
        let added = unmatched(after, in: before).map {
            FieldChange(path: "\(path)[\($0.offset)]", before: nil, after: $0.element)
        }
        let changes = removed + added
        return changes.isEmpty ? [FieldChange(path: path, before: .array(before), after: .array(after))] : changes
    }

    /// The elements of `elements` (with their index) that `other` has no copy of, counting repeats.
    static func unmatched(_ elements: [JSONValue], in other: [JSONValue]) -> [(offset: Int, element: JSONValue)] {
        var pool = other
        return elements.enumerated().filter { _, element in
            guard let match = pool.firstIndex(of: element) else { return true }
            pool.remove(at: match)
            return false
        }
    }
}
