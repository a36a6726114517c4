/// Whether a platform part is the embedded file output (works with nothing installed) or a live server.
public enum TargetMode: String, Sendable, Hashable, CaseIterable {
    case embedded
    case live
}
