extension SpecNode {
    /// Deep-merges `self` (the partner) over `defaults` (the template): mappings merge key by key, the partner wins,
    /// and lists and scalars replace rather than concatenate, so a partner can always narrow what a template gives.
    public func merged(over defaults: SpecNode) -> SpecNode {
        guard case .mapping(let mine) = self, case .mapping(let theirs) = defaults else { return self }
        var entries: [SpecMappingEntry] = []
        for entry in theirs.entries where mine.entry(entry.key.text) == nil {
            entries.append(entry)
        }
        for entry in mine.entries {
            if let base = theirs.entry(entry.key.text) {
                entries.append(SpecMappingEntry(key: entry.key, value: entry.value.merged(over: base.value)))
            } else {
                entries.append(entry)
            }
        }
        return .mapping(SpecMapping(entries: entries, location: mine.location))
    }
}
