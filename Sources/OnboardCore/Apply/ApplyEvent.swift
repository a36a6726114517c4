/// Progress of an apply, reported to an observer (the CLI prints it; the engine never prints).
public enum ApplyEvent: Sendable {
    case started(PlannedChange, index: Int, total: Int)
    case finished(PlannedChange, platformID: String?, index: Int, total: Int)
    case kitWritten(partnerID: String, path: String)
}
