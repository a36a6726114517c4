/// A YAML document as a located tree, independent of the YAML library, so templates can be merged under partners
/// while every value still remembers the file, line and column it came from.
public indirect enum SpecNode: Sendable, Hashable {
    case scalar(SpecScalar)
    case mapping(SpecMapping)
    case sequence([SpecNode], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(_, let location): location
        }
    }

    /// The kind named in type errors ("expected a list, found a string").
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.kind.rawValue
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }
}
