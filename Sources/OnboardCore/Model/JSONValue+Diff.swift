extension JSONValue {
    /// The fields that differ between two documents, as dotted paths with the value before and after (absent values
    /// are nil), sorted by path. Arrays of scalars compare whole; arrays of objects compare element by element.
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
        case (.array(let before), .array(let after))
            where before.count == after.count && before.contains(where: { if case .object = $0 { true } else { false } }):
            return zip(before, after).enumerated().flatMap { $1.0.differences(to: $1.1, path: "\(path)[\($0)]") }
        default:
            return self == other ? [] : [FieldChange(path: path, before: self, after: other)]
        }
    }
}
