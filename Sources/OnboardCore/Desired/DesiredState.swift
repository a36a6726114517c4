import Foundation
import OnboardSpec

/// Everything the platform should hold, derived from the files: per partner its certificate, client, organization,
/// endpoints, affiliation and capability, plus the gateway configuration (with the client ids recorded so far and the
/// authorization server's signing keys). (The CRL follows from the certificates and is
/// planned by the planner.) Dates that must not move on every run (affiliation start, capability date) are taken from
/// what was recorded when the content is otherwise unchanged.
public struct DesiredState: Sendable {
    public let resources: [ResourceAddress: DesiredResource]
    /// Partners by id, for reasons and kits.
    public let partners: [String: PartnerInput]
    /// The existing objects partner files adopt, at the addresses they become.
    public let adoptions: [ResourceAddress: AdoptionTarget]
    /// The HealthcareService id of each service whose id on the FHIR server is not the service id (an adopted one):
    /// referrals, affiliations, the gateway and the kits name it by that id.
    public let serviceIDs: [String: String]

    public static func build(
        input: EngineInput, recorded: [ResourceAddress: ResourceRecord], today: String, now: Date,
        gateway: GatewayConfigBuilder.Settings, signingKeys: [GatewaySigningKey] = []
    ) async throws -> DesiredState {
        let deployment = input.deployment
        var clientIDs: [String: String] = [:]
        var adoptions: [ResourceAddress: AdoptionTarget] = [:]
        for partner in input.partners {
            for target in partner.adoptions { adoptions[target.address] = target }
            let client = ResourceAddress(partner: partner.id, .client)
            // An adopted client keeps its id: the gateway knows it before the import.
            if let id = recorded[client]?.platformID ?? adoptions[client]?.platformID { clientIDs[partner.id] = id }
        }
        var serviceIDs: [String: String] = [:]
        for partner in input.partners where !partner.services.isEmpty {
            for service in partner.services {
                let address = ResourceAddress(partner: partner.id, .service, name: service.id)
                guard let path = recorded[address]?.platformID ?? adoptions[address]?.platformID else { continue }
                let id = DirectoryIDs.logicalID(path)
                if id != service.id { serviceIDs[service.id] = id }
            }
        }
        // The gateway configuration (one document over all partners) builds beside the partners' own resources,
        // which build in chunks on every core: a task per partner cost more than many partners' documents.
        let partners = input.partners, names = clientIDs
        var organizations: [String: String] = [:]
        // Referrals name their requester by its Organization's id: an adopted Organization keeps its own (one
        // lookup per partner; the full resolution only for the few whose id is not the partner id).
        for partner in partners {
            let recordedID = recorded[ResourceAddress(partner: partner.id, .organization)]?.platformID
            guard !partner.adoptions.isEmpty || (recordedID != nil && recordedID != "Organization/\(partner.id)")
            else { continue }
            let id = DirectoryIDs.resolve(partner, recorded: recorded).organization
            if id != FHIRIDs.organization(partner.id) { organizations[partner.id] = id }
        }
        async let gatewayDocument = GatewayConfigBuilder.document(
            partners, deployment: deployment.name, settings: gateway, clientIDs: names, keys: signingKeys,
            organizationIDs: organizations, serviceIDs: serviceIDs, now: now
        )
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let size = Swift.max(1, partners.count / (cores * 8))
        // Ranges, not copies of the partners (each dozens of fields).
        let chunks = stride(from: 0, to: partners.count, by: size).map { $0..<Swift.min($0 + size, partners.count) }
        let services = serviceIDs
        let perChunk = try await chunks.concurrentMap(limit: cores) { chunk in
            chunk.flatMap {
                Self.resources(
                    of: partners[$0], deployment: deployment, recorded: recorded, today: today, now: now,
                    serviceIDs: services)
            }
        }
        var resources: [ResourceAddress: DesiredResource] = [:]
        resources.reserveCapacity(input.partners.count * 7 + 1)
        for chunkResources in perChunk {
            for resource in chunkResources { resources[resource.address] = resource }
        }
        for resource in hospitalResources(input) { resources[resource.address] = resource }
        for resource in withdrawnGrants(input, recorded: recorded) { resources[resource.address] = resource }
        resources[.gateway] = DesiredResource(address: .gateway, document: await gatewayDocument)
        return DesiredState(
            resources: resources,
            partners: Dictionary(input.partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            adoptions: adoptions, serviceIDs: serviceIDs
        )
    }

    /// The hospital's own services, and — once any service in the network accepts referrals — the gateway's
    /// Endpoint they point at.
    static func hospitalResources(_ input: EngineInput) -> [DesiredResource] {
        let deployment = input.deployment
        var resources = deployment.services.map {
            DesiredResource(
                address: ResourceAddress(hospital: .service, name: $0.id),
                document: HealthcareServiceBuilder.build($0, providedBy: nil, active: true, deployment: deployment))
        }
        let referable = (deployment.services + input.partners.flatMap(\.services)).contains(where: \.acceptsReferrals)
        if referable {
            resources.append(
                DesiredResource(
                    address: .gatewayEndpoint, document: HealthcareServiceBuilder.gatewayEndpoint(deployment)))
        }
        return resources
    }

    /// The Consents of grants that have left their partner's file: kept, inactive (the record of what was allowed).
    /// A partner whose file is gone is a removal, planned as such.
    static func withdrawnGrants(_ input: EngineInput, recorded: [ResourceAddress: ResourceRecord]) -> [DesiredResource]
    {
        // Addresses first: copying every record to look at its kind costs more than the few grants found.
        let grantRecords = recorded.keys.filter { $0.kind == .grant }.compactMap { recorded[$0] }
        guard !grantRecords.isEmpty else { return [] }
        let declared = Dictionary(
            input.partners.map { ($0.id, Set($0.grants.map(\.id))) }, uniquingKeysWith: { first, _ in first })
        return grantRecords.compactMap { record in
            guard let partner = record.address.partnerID, let grants = declared[partner],
                let grant = record.address.name, !grants.contains(grant)
            else { return nil }
            return DesiredResource(address: record.address, document: ConsentBuilder.withdrawn(record.document))
        }
    }

    /// The resources of one partner (independent of every other partner, so partners build in parallel).
    static func resources(
        of partner: PartnerInput, deployment: DeploymentInput, recorded: [ResourceAddress: ResourceRecord],
        today: String, now: Date, serviceIDs: [String: String] = [:]
    ) -> [DesiredResource] {
        let name = deployment.name
        let status = partner.status
        // An offboarded partner that was never onboarded has nothing on the platform.
        if status == .offboarded && recorded[ResourceAddress(partner: partner.id, .organization)] == nil
            && recorded[ResourceAddress(partner: partner.id, .certificate)] == nil
        {
            return []
        }
        var resources: [DesiredResource] = []
        func add(_ address: ResourceAddress, _ document: JSONValue) {
            resources.append(DesiredResource(address: address, document: document))
        }
        let request = CertificateIssueRequest(partner: partner, deployment: deployment)
        let certificateStatus: CertificateDocument.Status =
            switch status {
            case .active: .active
            case .suspended: .hold
            case .offboarded: .revoked
            }
        add(
            ResourceAddress(partner: partner.id, .certificate),
            CertificateDocument.make(profile: request.profile, status: certificateStatus))
        if status != .offboarded {
            add(
                ResourceAddress(partner: partner.id, .client),
                ClientDocumentBuilder.build(partner, deployment: name, now: now))
        }
        let ids = DirectoryIDs.resolve(partner, recorded: recorded)
        add(
            ResourceAddress(partner: partner.id, .organization),
            FHIRResources.organization(partner, ids: ids, deployment: name))
        for endpoint in partner.endpoints {
            add(
                ResourceAddress(partner: partner.id, .endpoint, name: endpoint.name),
                FHIRResources.endpoint(partner, endpoint, ids: ids, deployment: name)
            )
        }
        for service in partner.services {
            add(
                ResourceAddress(partner: partner.id, .service, name: service.id),
                HealthcareServiceBuilder.build(
                    service, id: serviceIDs[service.id] ?? service.id, providedBy: ids.organization,
                    active: status == .active, deployment: deployment))
        }
        let affiliationAddress = ResourceAddress(partner: partner.id, .affiliation)
        let period = recorded[affiliationAddress].flatMap { RecordedFields.period($0.canonical) }
        let start = period?["start"]?.stringValue ?? today
        let end = status == .offboarded ? (period?["end"]?.stringValue ?? today) : nil
        add(
            affiliationAddress,
            FHIRResources.affiliation(
                partner, ids: ids, deployment: deployment, start: start, end: end,
                services: partner.referralTargets.map { serviceIDs[$0] ?? $0 }))
        let capabilityAddress = ResourceAddress(partner: partner.id, .capability)
        let recordedCapability = recorded[capabilityAddress]
        var capability = DesiredResource(
            address: capabilityAddress,
            document: CapabilityStatementBuilder.build(
                partner, deployment: deployment,
                date: recordedCapability.flatMap { RecordedFields.date($0.canonical) } ?? today
            )
        )
        if let recordedCapability, capability.canonical != recordedCapability.canonical {
            capability = DesiredResource(
                address: capabilityAddress,
                document: CapabilityStatementBuilder.build(partner, deployment: deployment, date: today)
            )
        }
        resources.append(capability)
        for grant in partner.grants {
            add(
                ResourceAddress(partner: partner.id, .grant, name: grant.id),
                ConsentBuilder.build(
                    grant, partner: partner, organization: ids.organization,
                    active: status != .offboarded && !grant.hasEnded(at: now), deployment: deployment))
        }
        return resources
    }
}
