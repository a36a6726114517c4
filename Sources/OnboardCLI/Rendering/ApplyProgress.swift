import OnboardCore

/// One progress line per apply event, printed as it happens so a long apply shows where it is.
enum ApplyProgress {
    static func line(_ event: ApplyEvent, style: TerminalStyle) -> String {
        switch event {
        case .started(let change, let index, let total):
            "[\(index + 1)/\(total)] \(change.address): \(verb(change.action))…"
        case .finished(let change, let platformID, let index, let total):
            "[\(index + 1)/\(total)] \(change.address): " + style.green("done")
                + (platformID.map { " (\($0))" } ?? "")
        case .kitWritten(let partner, let path):
            "kit for \(partner) written to out/\(path)/"
        }
    }

    static func verb(_ action: ChangeAction) -> String {
        switch action {
        case .create: "creating"
        case .update: "updating"
        case .replace: "replacing"
        case .delete: "deleting"
        case .import: "importing"
        }
    }
}
