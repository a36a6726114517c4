/// What a refresh read from one platform target: the documents found (an address missing is gone from the platform)
/// and how many requests it took, so the CLI can report the cost of a refresh without a process-wide counter.
public struct PlatformReadout: Sendable {
    public var documents: [ResourceAddress: PlatformDocument]
    public var requests: Int

    public init(documents: [ResourceAddress: PlatformDocument] = [:], requests: Int = 0) {
        self.documents = documents
        self.requests = requests
    }
}
