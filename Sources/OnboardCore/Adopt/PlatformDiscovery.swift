import Foundation
import OnboardSpec

/// What `onboard import --from-platform` makes of the platform: one partner file per Organization affiliated with the
/// hospital that no onboard deployment owns, with its Endpoints, its affiliation and — where the authorization server
/// lists its clients — the unmarked client of the same name, all named in `spec.adopt`. Pure: the resources and
/// clients come in as read; the drafts go out for the CLI to write. Nothing is changed on the platform.
public struct PlatformDiscovery: Sendable {
    public let deployment: DeploymentInput
    public let templates: [String: TemplateInput]
    /// `--template`: the template of partners whose codings match no single template.
    public let template: String?
    /// Partner ids already taken (files under Partners/).
    public let takenIDs: Set<String>
    /// True when the authorization server has no administration API: adopted clients need their registration
    /// access token, from a variable the draft names.
    public let clientsNeedTokens: Bool
    /// Objects partner files adopt already (`Organization/<id>`, …, client ids), with where: an import run again
    /// before the apply leaves them out rather than writing a second file that adopts them too.
    public let adoptedAlready: [String: SourceLocation]

    public init(
        deployment: DeploymentInput, templates: [String: TemplateInput], template: String?, takenIDs: Set<String>,
        clientsNeedTokens: Bool, adoptedAlready: [String: SourceLocation] = [:]
    ) {
        self.deployment = deployment
        self.templates = templates
        self.template = template
        self.takenIDs = takenIDs
        self.clientsNeedTokens = clientsNeedTokens
        self.adoptedAlready = adoptedAlready
    }

    /// A partner found: its file's draft and the JWKS to write beside it.
    public struct Found: Sendable {
        public let draft: PartnerFileDraft
        public let jwks: String?
    }

    /// Reads the platform — every OrganizationAffiliation, the Organizations and Endpoints they and their
    /// Organizations name, and the clients where the authorization server lists them — and discovers its partners.
    /// Reads only.
    public func read(
        directory: any DirectoryTarget, clients: any ClientRegistry, concurrency: Int
    ) async throws
        -> (found: [Found], skipped: [String])
    {
        async let listing = clients.readAll([], concurrency: concurrency)
        let affiliations = try await directory.search("OrganizationAffiliation", ids: nil)
        let organizations = try await directory.search(
            "Organization",
            ids: Self.ids(
                "Organization", named: affiliations.flatMap { [$0["organization"], $0["participatingOrganization"]] }
            ))
        let endpoints = try await directory.search(
            "Endpoint",
            ids: Self.ids(
                "Endpoint", named: (affiliations + organizations).flatMap { $0["endpoint"]?.arrayValue ?? [] }
            ))
        return discover(
            affiliations: affiliations, organizations: organizations, endpoints: endpoints,
            clients: try await listing.listed ?? []
        )
    }

    /// The ids of the `type` resources these references name on this server (`Type/<id>`; others are not its).
    public static func ids(_ type: String, named references: [JSONValue?]) -> [String] {
        references.compactMap { reference in
            guard let text = reference?["reference"]?.stringValue, text.hasPrefix(type + "/") else { return nil }
            let id = text.dropFirst(type.count + 1)
            return FHIRLogicalID.isValid(id) ? String(id) : nil
        }
    }

    /// The partners found, in the order of their ids, and what was seen but left out (with why).
    public func discover(
        affiliations: [JSONValue], organizations: [JSONValue], endpoints: [JSONValue], clients: [ListedClient]
    ) -> (found: [Found], skipped: [String]) {
        let organizationsByID = Self.byID(organizations)
        let endpointsByID = Self.byID(endpoints)
        var unclaimed = clients.filter { $0.enabled && $0.softwareID == nil && adoptedAlready[$0.clientID] == nil }
        var taken = takenIDs
        var found: [Found] = []
        var skipped: [String] = []
        for affiliation in affiliations.sorted(by: { Self.id($0) < Self.id($1) }) {
            let affiliationID = "OrganizationAffiliation/\(Self.id(affiliation))"
            guard isHospitals(affiliation, organizations: organizationsByID) else { continue }
            guard !Self.isOnboards(affiliation) else { continue }
            guard let reference = affiliation["participatingOrganization"]?["reference"]?.stringValue,
                let organization = organizationsByID[reference]
            else {
                skipped.append("\(affiliationID): its participatingOrganization is not an Organization on the server")
                continue
            }
            guard !Self.isOnboards(organization) else {
                skipped.append("\(affiliationID): \(reference) is managed by onboard already")
                continue
            }
            if let place = adoptedAlready[reference] ?? adoptedAlready[affiliationID] {
                skipped.append("\(affiliationID): \(reference) is adopted at \(place) already")
                continue
            }
            let candidates = matchingTemplates(affiliation, organization)
            guard let template = candidates.count == 1 ? candidates[0] : template else {
                skipped.append(
                    "\(reference): "
                        + (candidates.isEmpty
                            ? "no template's organizationType or affiliationRole matches it"
                            : "templates \(candidates.joined(separator: ", ")) all match it") + "; pass --template")
                continue
            }
            let name = organization["name"]?.stringValue ?? Self.id(organization)
            let id = Self.unique(Self.slug(name, fallback: Self.id(organization)), in: &taken)
            var draft = PartnerFileDraft(id: id, name: name, template: template)
            draft.adoptOrganization = reference
            draft.adoptAffiliation = affiliationID
            draft.identifiers = (organization["identifier"]?.arrayValue ?? []).compactMap { identifier in
                guard let system = identifier["system"]?.stringValue, let value = identifier["value"]?.stringValue,
                    system != OwnershipMarks.identifierSystem
                else { return nil }
                return (system, value)
            }
            draft.contacts = Self.contacts(organization)
            if draft.contacts.isEmpty {
                draft.contacts = [(name: "\(name) (to be confirmed)", email: nil, phone: nil)]
                draft.notes.append(
                    "\(reference) names no contact: add the partner's IT contact (an e-mail or phone) before applying")
            }
            addEndpoints(&draft, affiliation: affiliation, organization: organization, endpoints: endpointsByID)
            var jwks: String?
            if let index = unclaimed.firstIndex(where: { Self.sameName($0, name) }) {
                let client = unclaimed.remove(at: index)
                jwks = addClient(&draft, client, template: templates[template])
            } else {
                // No client to take over and no key of the partner's known: it authenticates with the certificate
                // onboard issues into its kit, the one credential that needs nothing from the partner.
                draft.auth = "tls_client_auth"
                draft.notes.append(
                    "no OAuth client of this name on the server: onboard registers one, authenticated by the "
                        + "partner's certificate (tls_client_auth); for private_key_jwt, name its JWKS instead")
            }
            found.append(Found(draft: draft, jwks: jwks))
        }
        for client in unclaimed {
            skipped.append(
                "client \(client.clientID) (\(client.metadata?.name ?? "no name")): no affiliated Organization of the same name"
            )
        }
        return (found.sorted { $0.draft.id < $1.draft.id }, skipped)
    }

    // MARK: - Matching

    /// An affiliation whose `organization` is the hospital: by its identifier, by reference to an Organization
    /// carrying it, or by name.
    private func isHospitals(_ affiliation: JSONValue, organizations: [String: JSONValue]) -> Bool {
        guard let side = affiliation["organization"] else { return false }
        let referenced = side["reference"]?.stringValue.flatMap { organizations[$0] }
        let identifiers = [side["identifier"]].compactMap { $0 } + (referenced?["identifier"]?.arrayValue ?? [])
        if let hospital = deployment.hospitalIdentifier,
            identifiers.contains(where: {
                $0["system"]?.stringValue == hospital.system && $0["value"]?.stringValue == hospital.value
            })
        {
            return true
        }
        let names = [side["display"]?.stringValue, referenced?["name"]?.stringValue].compactMap { $0 }
        return names.contains { Self.normalized($0) == Self.normalized(deployment.hospitalName) }
    }

    /// The templates whose affiliation role and organization type the affiliation and organization carry (else
    /// those matching either).
    private func matchingTemplates(_ affiliation: JSONValue, _ organization: JSONValue) -> [String] {
        func codes(_ concepts: JSONValue?) -> Set<String> {
            Set(
                (concepts?.arrayValue ?? []).flatMap { $0["coding"]?.arrayValue ?? [] }.compactMap { coding in
                    coding["code"]?.stringValue.map { "\(coding["system"]?.stringValue ?? "")|\($0)" }
                })
        }
        func key(_ coding: PlainCoding) -> String { "\(coding.system)|\(coding.code)" }
        let roles = codes(affiliation["code"]), types = codes(organization["type"])
        let sorted = templates.values.sorted { $0.name < $1.name }
        let both = sorted.filter {
            roles.contains(key($0.kind.affiliationRole)) && types.contains(key($0.kind.organizationType))
        }
        let either = sorted.filter {
            roles.contains(key($0.kind.affiliationRole)) || types.contains(key($0.kind.organizationType))
        }
        return (both.isEmpty ? either : both).map(\.name)
    }

    private func addEndpoints(
        _ draft: inout PartnerFileDraft, affiliation: JSONValue, organization: JSONValue, endpoints: [String: JSONValue]
    ) {
        var references: [String] = []
        for reference in ((organization["endpoint"]?.arrayValue ?? []) + (affiliation["endpoint"]?.arrayValue ?? []))
            .compactMap({ $0["reference"]?.stringValue }) where !references.contains(reference)
        {
            references.append(reference)
        }
        var names: Set<String> = []
        for reference in references {
            if let place = adoptedAlready[reference] {
                draft.notes.append("\(reference) is adopted at \(place) already; left out")
                continue
            }
            guard let endpoint = endpoints[reference], !Self.isOnboards(endpoint) else {
                draft.notes.append(
                    "\(reference) is not an Endpoint onboard can adopt (missing, or managed by onboard already)")
                continue
            }
            let code = endpoint["connectionType"]?["code"]?.stringValue ?? ""
            guard EndpointConnectionType(rawValue: code) != nil, let address = endpoint["address"]?.stringValue else {
                draft.notes.append(
                    "\(reference) has connection type \"\(code)\" or no address onboard can declare; left out")
                continue
            }
            let base = String(Self.slug(endpoint["name"]?.stringValue ?? "", fallback: "endpoint").prefix(40))
                .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            var name = base
            var counter = 2
            while names.contains(name) { name = "\(base)-\(counter)"; counter += 1 }
            names.insert(name)
            let mimeTypes = (endpoint["payloadMimeType"]?.arrayValue ?? []).compactMap(\.stringValue)
            draft.endpoints.append((name: name, connectionType: code, address: address, mimeTypes: mimeTypes))
            draft.adoptEndpoints.append((name: name, reference: reference))
        }
    }

    /// Adds the client to the draft; returns its JWKS text, when it registered keys.
    private func addClient(
        _ draft: inout PartnerFileDraft, _ client: ListedClient, template: TemplateInput?
    ) -> String? {
        draft.adoptClient = client.clientID
        if clientsNeedTokens {
            draft.clientTokenEnv =
                "ONBOARD_ADOPT_" + draft.id.uppercased().replacingOccurrences(of: "-", with: "_") + "_TOKEN"
            draft.notes.append(
                "set \(draft.clientTokenEnv!) to client \(client.clientID)'s registration access token before plan")
        }
        let metadata = client.metadata
        if let auth = metadata?.authMethod { draft.auth = auth.rawValue }
        let ceiling = template?.ceiling ?? []
        var scopes: [String] = []
        for text in metadata?.scopeTexts ?? [] {
            guard let scope = try? SmartScope(parsing: text), scope.isInside(anyOf: ceiling) else {
                draft.notes.append(
                    "client \(client.clientID) holds scope \(text), outside template \(draft.template)'s ceiling: not declared, the import takes it away"
                )
                continue
            }
            if !scopes.contains(scope.description) { scopes.append(scope.description) }
        }
        if !scopes.isEmpty { draft.scopes = scopes }
        if let uri = metadata?.jwksURI, !uri.isEmpty { draft.jwksURI = uri }
        guard draft.auth != AuthMethod.tlsClientAuth.rawValue else { return nil }
        guard let jwks = metadata?.jwks, let keys = jwks["keys"]?.arrayValue, !keys.isEmpty else { return nil }
        // A private key the server holds by mistake must not reach a file meant for git.
        guard !keys.contains(where: { key in SecretScanner.privateJWKMembers.contains { key[$0] != nil } }) else {
            draft.notes.append(
                "client \(client.clientID)'s registered JWKS holds private key material, so it was not written: "
                    + "ask the partner for its public JWKS (and to replace that key)")
            return nil
        }
        draft.jwksFile = "\(draft.id).jwks.json"
        draft.jwksURI = nil
        return jwks.prettyText + "\n"
    }

    // MARK: - Helpers

    private static func contacts(_ organization: JSONValue) -> [(name: String, email: String?, phone: String?)] {
        func reach(_ telecom: JSONValue?) -> (String?, String?) {
            let points = telecom?.arrayValue ?? []
            func first(_ system: String) -> String? {
                points.first { $0["system"]?.stringValue == system }?["value"]?.stringValue
            }
            return (first("email"), first("phone"))
        }
        var contacts: [(name: String, email: String?, phone: String?)] = (organization["contact"]?.arrayValue ?? [])
            .compactMap { contact in
                let (email, phone) = reach(contact["telecom"])
                guard email != nil || phone != nil else { return nil }
                return (
                    contact["name"]?["text"]?.stringValue ?? organization["name"]?.stringValue ?? "IT desk", email,
                    phone
                )
            }
        let (email, phone) = reach(organization["telecom"])
        if contacts.isEmpty, email != nil || phone != nil {
            contacts.append(((organization["name"]?.stringValue ?? "Partner") + " desk", email, phone))
        }
        return contacts
    }

    static func byID(_ resources: [JSONValue]) -> [String: JSONValue] {
        var byID: [String: JSONValue] = [:]
        for resource in resources {
            if let type = resource["resourceType"]?.stringValue { byID["\(type)/\(id(resource))"] = resource }
        }
        return byID
    }

    static func id(_ resource: JSONValue) -> String { resource["id"]?.stringValue ?? "" }

    /// Carries any onboard deployment's tag (this one's or another's): not for import.
    static func isOnboards(_ resource: JSONValue) -> Bool {
        !OwnershipMarks.deployments(tagging: resource).isEmpty
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    static func sameName(_ client: ListedClient, _ name: String) -> Bool {
        client.metadata.map { normalized($0.name) == normalized(name) } ?? false
    }

    /// `[a-z0-9-]{3,63}` from a name: letters and digits kept (ASCII), everything else one `-`.
    static func slug(_ text: String, fallback: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        slug = String(slug.prefix(56)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if slug.count < 3 {
            slug = fallback.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        return slug.count < 3 ? "partner-\(slug)" : slug
    }

    static func unique(_ base: String, in taken: inout Set<String>) -> String {
        var id = base
        var counter = 2
        while taken.contains(id) { id = "\(base)-\(counter)"; counter += 1 }
        taken.insert(id)
        return id
    }
}
