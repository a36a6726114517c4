import OnboardSpec

/// An enabled client on the authorization server that carries this deployment's `software_id` but that state does not
/// know: registered by an apply that died before recording it. The plan deletes it.
public struct OrphanClient: Sendable, Hashable {
    public let partnerID: String
    public let clientID: String

    public init(partnerID: String, clientID: String) {
        self.partnerID = partnerID
        self.clientID = clientID
    }

    public var address: ResourceAddress { ResourceAddress(partner: partnerID, .orphanClient, name: clientID) }

    /// The orphans among `listed`: enabled, marked `onboard:<deployment>:<partner id>` with a well-formed partner id,
    /// and not among the client ids state records.
    public static func find(in listed: [ListedClient], deployment: String, known: Set<String>) -> [OrphanClient] {
        let prefix = OwnershipMarks.softwareID(deployment: deployment, partner: "")
        return listed.compactMap { client in
            guard client.enabled, !known.contains(client.clientID), let marker = client.softwareID,
                marker.hasPrefix(prefix),
                !client.clientID.isEmpty, !client.clientID.contains("/")
            else { return nil }
            let partnerID = String(marker.dropFirst(prefix.count))
            guard ValueRules.identifierProblem(partnerID) == nil else { return nil }
            return OrphanClient(partnerID: partnerID, clientID: client.clientID)
        }
    }
}
