/// How an apply ended, as the journal keeps it. Stored as one text column — `running`, `succeeded`, `interrupted`, or
/// `failed: <message>` — the text journals held before this type existed, so they read as they were written.
public enum JournalOutcome: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The apply has not finished (or its process died and no later apply has looked yet).
    case running
    case succeeded
    /// A later apply found it unfinished: its process stopped without closing the entry.
    case interrupted
    /// It stopped on an error, with the error's message.
    case failed(String)

    /// The stored text.
    public var description: String {
        switch self {
        case .running: "running"
        case .succeeded: "succeeded"
        case .interrupted: "interrupted"
        case .failed(let message): "failed: \(message)"
        }
    }

    /// Reads the stored text; text this version does not know reads as a failure with that text as its message.
    public init(stored: String) {
        switch stored {
        case "running": self = .running
        case "succeeded": self = .succeeded
        case "interrupted": self = .interrupted
        case _ where stored.hasPrefix("failed: "): self = .failed(String(stored.dropFirst("failed: ".count)))
        default: self = .failed(stored)
        }
    }

    /// True once the apply ended, one way or another.
    public var isFinished: Bool { self != .running }

    public init(from decoder: any Decoder) throws {
        self.init(stored: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
