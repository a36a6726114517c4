/// What loading one partner file produced: the partner when it is fully valid, its id when at least that could be
/// read (for the duplicate check across files), and the problems found.
struct PartnerOutcome: Sendable {
    let file: String
    let partner: Partner?
    let id: Located<String>?
    /// The source line of the id, quoted if another file turns out to use the same id.
    let idLine: String?
    let diagnostics: [Diagnostic]
    /// What the partner cache keeps of this file: set when the partner loaded without a single diagnostic.
    var cacheEntry: PartnerCache.Entry? = nil
    /// Whether the partner came from the cache rather than from parsing.
    var fromCache = false
}
