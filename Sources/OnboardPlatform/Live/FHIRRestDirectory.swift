import Foundation
import NIOHTTP1
import OnboardCore

/// The platform's directory on a live FHIR R4 server over REST. Reads everything onboard owns with one paged `_tag`
/// search per resource type; creates with a conditional update on onboard's business identifier (the canonical `url`
/// for CapabilityStatement), so an interrupted apply adopts what it wrote; replaces with `If-Match`, so an edit made
/// on the server since it was read comes back as a conflict instead of being overwritten. Never writes or deletes a
/// resource that lacks onboard's deployment tag.
public struct FHIRRestDirectory: DirectoryTarget {
    public let baseURL: String
    public let deployment: String
    public let http: RESTClient
    private let headers: [String: String]
    /// Entries per search page.
    public let pageSize: Int

    public init(baseURL: String, deployment: String, token: String?, http: RESTClient, pageSize: Int = 100) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.deployment = deployment
        self.http = http
        self.pageSize = pageSize
        var headers = ["Accept": "application/fhir+json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        self.headers = headers
    }

    // MARK: - Reading

    public func read(_ request: ReadRequest) async throws -> PlatformDocument? {
        let response = try await send(.GET, "\(baseURL)/\(request.handle.platformID)", what: request.handle.platformID)
        switch response.status {
        case 200: return try Self.platformDocument(parse(response, request.handle.platformID))
        case 404, 410: return nil
        default: throw unexpected(response, "reading \(request.handle.platformID)")
        }
    }

    /// One paged `_tag` search per resource type, the types searched concurrently.
    public func readAll(_ requests: [ReadRequest], concurrency: Int) async throws -> PlatformReadout {
        guard !requests.isEmpty else { return PlatformReadout() }
        let types = Set(requests.compactMap { $0.handle.platformID.split(separator: "/").first.map(String.init) })
        let searches = try await types.sorted().concurrentMap(limit: concurrency) { type in try await owned(type) }
        var byID: [String: PlatformDocument] = [:]
        var readout = PlatformReadout()
        for search in searches {
            byID.merge(search.documents) { first, _ in first }
            readout.requests += search.pages
        }
        for request in requests {
            if let document = byID[request.handle.platformID] { readout.documents[request.address] = document }
        }
        return readout
    }

    /// Every resource of `type` carrying onboard's tag, and how many pages that took.
    func owned(_ type: String) async throws -> (documents: [String: PlatformDocument], pages: Int) {
        var documents: [String: PlatformDocument] = [:]
        let pages = try await pages(type, "_tag=\(Self.encode(OwnershipMarks.tagSystem + "|" + deployment))") {
            resource, id in
            documents["\(type)/\(id)"] = Self.platformDocument(resource)
        }
        return (documents, pages)
    }

    public var holdsClinicalRecords: Bool { true }

    public func search(_ type: String, ids: [String]?) async throws -> [JSONValue] {
        var resources: [JSONValue] = []
        guard let ids else {
            _ = try await pages(type, nil) { resource, _ in resources.append(resource) }
            return resources
        }
        // A chunk of ids per request keeps the URL within what servers and proxies take.
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: Self.idsPerSearch) {
            let chunk = unique[start..<min(start + Self.idsPerSearch, unique.count)].joined(separator: ",")
            _ = try await pages(type, "_id=\(Self.encode(chunk))") { resource, _ in resources.append(resource) }
        }
        return resources
    }

    /// Ids in one `_id` search of `search(_:ids:)`: 100 ids of up to 64 characters stay under 8 KB of URL.
    static let idsPerSearch = 100

    /// A search of `type` (with `criteria`), following `next` links; each resource found handed to `found`; the pages.
    private func pages(_ type: String, _ criteria: String?, _ found: (JSONValue, String) -> Void) async throws -> Int {
        var url: String? = "\(baseURL)/\(type)?" + (criteria.map { $0 + "&" } ?? "") + "_count=\(pageSize)"
        var pages = 0
        while let next = url {
            pages += 1
            guard pages <= 10_000 else {
                throw OnboardError(.protocolViolation, "the FHIR server's \(type) search never ends")
            }
            let response = try await send(.GET, next, what: "\(type) search")
            guard response.status == 200 else { throw unexpected(response, "searching \(type)") }
            let bundle = try parse(response, "\(type) search")
            for entry in bundle["entry"]?.arrayValue ?? [] {
                guard let resource = entry["resource"], resource["resourceType"]?.stringValue == type,
                    let id = resource["id"]?.stringValue
                else { continue }
                found(resource, id)
            }
            url = bundle["link"]?.arrayValue?.first { $0["relation"]?.stringValue == "next" }?["url"]?.stringValue
        }
        return pages
    }

    // MARK: - Writing

    public func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        async throws -> PlatformHandle
    {
        guard let type = document["resourceType"]?.stringValue, let id = document["id"]?.stringValue else {
            throw OnboardError(.configuration, "\(address) is not a FHIR resource with resourceType and id")
        }
        let path = "\(type)/\(id)"
        let body = Data(document.canonicalText.utf8)
        var headers = ["Content-Type": "application/fhir+json"]
        let url: String
        if existing == nil {
            // A resource already at this id is adopted only when it is onboard's (an interrupted apply wrote it).
            let current = try await send(.GET, "\(baseURL)/\(path)", what: path)
            switch current.status {
            case 200:
                let resource = try parse(current, path)
                guard isOwned(resource) else { throw notOwned(path) }
                url = "\(baseURL)/\(path)"
                headers["If-Match"] = current.headers["etag"] ?? Self.etag(resource["meta"]?["versionId"]?.stringValue)
            case 404, 410:
                url = "\(baseURL)/\(type)?\(try condition(type, document))"
            default:
                throw unexpected(current, "reading \(path) before creating it")
            }
        } else {
            url = "\(baseURL)/\(path)"
            if let version = baseVersion ?? existing?.version { headers["If-Match"] = Self.etag(version) }
        }
        let response = try await send(.PUT, url, extra: headers, body: body, what: path)
        switch response.status {
        case 200, 201:
            let version =
                response.headers["etag"].map(Self.version(fromETag:))
                ?? (try? parse(response, path))?["meta"]?["versionId"]?.stringValue
            return PlatformHandle(platformID: path, version: version)
        case 412:
            // A retry after onboard's own write lost its answer meets its own new version: done, not a conflict.
            if let current = try? await send(.GET, "\(baseURL)/\(path)", what: path), current.status == 200,
                let resource = try? parse(current, path)
            {
                let found = Self.platformDocument(resource)
                if found.document.canonicalText == document.canonicalText {
                    return PlatformHandle(
                        platformID: path, version: current.headers["etag"].map(Self.version(fromETag:)) ?? found.version
                    )
                }
            }
            throw OnboardError(
                .conflict,
                "\(path) was changed on the FHIR server since onboard read it (If-Match \(headers["If-Match"] ?? "-") "
                    + "refused with HTTP 412); nothing was overwritten. Run plan to see the change, then apply."
            )
        default:
            throw unexpected(response, "writing \(path)")
        }
    }

    /// Creates and updates as transaction Bundles of `pageSize` entries: creates first looked up by id in one search
    /// (a resource already at the id is adopted when it is onboard's, refused when it is not), then each entry a PUT
    /// with `If-Match` (updates, adoptions) or a conditional PUT on onboard's identifier (creates). A transaction
    /// refused as a conflict (HTTP 409/412: someone edited a resource since the plan) is written again one resource
    /// at a time, so the conflict is reported for the resource it concerns and onboard's own earlier writes are told
    /// from someone else's.
    public func putAll(_ writes: [DocumentWrite]) async throws -> [PlatformHandle] {
        var handles: [PlatformHandle] = []
        for start in stride(from: 0, to: writes.count, by: pageSize) {
            handles += try await transaction(Array(writes[start..<min(start + pageSize, writes.count)]))
        }
        return handles
    }

    private func transaction(_ writes: [DocumentWrite]) async throws -> [PlatformHandle] {
        var paths: [String] = []
        for write in writes {
            guard let type = write.document["resourceType"]?.stringValue, let id = write.document["id"]?.stringValue
            else {
                throw OnboardError(.configuration, "\(write.address) is not a FHIR resource with resourceType and id")
            }
            paths.append("\(type)/\(id)")
        }
        let current = try await currentVersions(of: zip(writes, paths).filter { $0.0.existing == nil }.map(\.1))
        var entries: [JSONValue] = []
        for (write, path) in zip(writes, paths) {
            let type = String(path.split(separator: "/")[0])
            var request: [String: JSONValue] = ["method": "PUT"]
            if write.existing == nil, let found = current[path] {
                guard found.owned else { throw notOwned(path) }
                request["url"] = .string(path)
                if let version = found.version { request["ifMatch"] = .string(Self.etag(version)) }
            } else if write.existing == nil {
                request["url"] = .string("\(type)?\(try condition(type, write.document))")
            } else {
                request["url"] = .string(path)
                if let version = write.baseVersion ?? write.existing?.version {
                    request["ifMatch"] = .string(Self.etag(version))
                }
            }
            entries.append([
                "fullUrl": .string("\(baseURL)/\(path)"), "resource": write.document, "request": .object(request),
            ])
        }
        // Safe to send again after a lost answer: every entry is conditional (If-Match, or onboard's identifier), so
        // a repeat either meets its own versions (412, then checked one by one below) or writes the same again.
        let response = try await postTransaction(
            entries, what: "a transaction of \(writes.count) writes", idempotent: true)
        switch response.status {
        case 200:
            let answers = try parse(response, "the transaction response")["entry"]?.arrayValue ?? []
            guard answers.count == writes.count else {
                throw OnboardError(
                    .protocolViolation,
                    "the FHIR server answered a transaction of \(writes.count) with \(answers.count) entries")
            }
            return zip(answers, paths).map { answer, path in
                let version =
                    answer["response"]?["etag"]?.stringValue.map(Self.version(fromETag:))
                    ?? answer["resource"]?["meta"]?["versionId"]?.stringValue
                return PlatformHandle(platformID: path, version: version)
            }
        case 409, 412:
            var handles: [PlatformHandle] = []
            for write in writes {
                handles.append(
                    try await put(
                        write.address, write.document, existing: write.existing, baseVersion: write.baseVersion))
            }
            return handles
        default:
            throw unexpected(response, "writing a transaction of \(writes.count) resources")
        }
    }

    /// The resources already at these paths (one `_id` search per type), with their version and whether onboard
    /// owns them.
    private func currentVersions(of paths: [String]) async throws -> [String: (version: String?, owned: Bool)] {
        var found: [String: (version: String?, owned: Bool)] = [:]
        let byType = Dictionary(grouping: paths) { String($0.split(separator: "/")[0]) }
        for (type, paths) in byType.sorted(by: { $0.key < $1.key }) {
            let ids = paths.map { String($0.split(separator: "/")[1]) }.joined(separator: ",")
            let response = try await send(
                .GET, "\(baseURL)/\(type)?_id=\(Self.encode(ids))&_count=\(paths.count)", what: "\(type) search by id"
            )
            guard response.status == 200 else { throw unexpected(response, "looking up \(type) resources by id") }
            for entry in try parse(response, "\(type) search")["entry"]?.arrayValue ?? [] {
                guard let resource = entry["resource"], let id = resource["id"]?.stringValue else { continue }
                found["\(type)/\(id)"] = (resource["meta"]?["versionId"]?.stringValue, isOwned(resource))
            }
        }
        return found
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        let path = handle.platformID
        let current = try await send(.GET, "\(baseURL)/\(path)", what: path)
        switch current.status {
        case 404, 410: return
        case 200: guard isOwned(try parse(current, path)) else { throw notOwned(path) }
        default: throw unexpected(current, "reading \(path) before deleting it")
        }
        let response = try await send(.DELETE, "\(baseURL)/\(path)", what: path)
        guard [200, 202, 204, 404, 410].contains(response.status) else {
            throw unexpected(response, "deleting \(path)")
        }
    }

    // MARK: - Helpers

    /// The conditional-update criteria naming this resource by what onboard marks it with.
    func condition(_ type: String, _ document: JSONValue) throws -> String {
        if type == "CapabilityStatement", let url = document["url"]?.stringValue {
            return "url=\(Self.encode(url))"
        }
        let ours = document["identifier"]?.arrayValue?.first {
            $0["system"]?.stringValue == OwnershipMarks.identifierSystem
        }
        guard let value = ours?["value"]?.stringValue else {
            throw OnboardError(
                .configuration, "\(type)/\(document["id"]?.stringValue ?? "?") has no onboard identifier to match on")
        }
        return "identifier=\(Self.encode(OwnershipMarks.identifierSystem + "|" + value))"
    }

    func isOwned(_ resource: JSONValue) -> Bool {
        OwnershipMarks.deployments(tagging: resource).contains(deployment)
    }

    func notOwned(_ path: String) -> OnboardError {
        OnboardError(
            .notOwned,
            "\(path) exists on the FHIR server without onboard's tag (\(OwnershipMarks.tagSystem)|\(deployment)); onboard "
                + "never modifies or deletes what it does not own. Remove or rename that resource, or rename the partner."
        )
    }

    /// Audit records go in transaction Bundles of `pageSize` entries, the Provenance in the last (its targets name
    /// the AuditEvents): the trail of an apply of 10,000 partners in one Bundle took the server longer than a request
    /// may. Each entry is a PUT at its own id, so a batch may be sent again, and a trail interrupted between batches
    /// is written again whole, at the same ids, by the next apply (state notes it written only after the last).
    public func record(_ resources: [JSONValue]) async throws {
        let ordered =
            resources.filter { $0["resourceType"]?.stringValue != "Provenance" }
            + resources.filter { $0["resourceType"]?.stringValue == "Provenance" }
        for start in stride(from: 0, to: ordered.count, by: pageSize) {
            let batch = ordered[start..<min(start + pageSize, ordered.count)]
            let entries: [JSONValue] = batch.map { resource in
                let path = "\(resource["resourceType"]?.stringValue ?? "")/\(resource["id"]?.stringValue ?? "")"
                return [
                    "fullUrl": .string("\(baseURL)/\(path)"), "resource": resource,
                    "request": ["method": "PUT", "url": .string(path)],
                ]
            }
            let response = try await postTransaction(entries, what: "the audit records", idempotent: true)
            guard response.status == 200 else {
                throw unexpected(
                    response, "writing the audit records (a transaction of \(batch.count) of \(ordered.count))")
            }
        }
    }

    /// POSTs a transaction Bundle of `entries` to the server's base.
    private func postTransaction(
        _ entries: [JSONValue], what: String, idempotent: Bool = false
    ) async throws -> HTTPResponse {
        let bundle: JSONValue = ["resourceType": "Bundle", "type": "transaction", "entry": .array(entries)]
        return try await send(
            .POST, baseURL, extra: ["Content-Type": "application/fhir+json"], body: Data(bundle.canonicalText.utf8),
            what: what, idempotent: idempotent
        )
    }

    private func send(
        _ method: HTTPMethod, _ url: String, extra: [String: String] = [:], body: Data? = nil, what: String,
        idempotent: Bool = false
    ) async throws -> HTTPResponse {
        let response = try await http.send(
            method, url, headers: headers.merging(extra) { _, new in new }, body: body, idempotent: idempotent
        )
        if response.status == 401 || response.status == 403 {
            throw OnboardError(
                .rejected,
                "the FHIR server refused onboard's credentials for \(what) (HTTP \(response.status)); check the token in "
                    + "the variable targets.directory.tokenEnv names"
            )
        }
        return response
    }

    private func parse(_ response: HTTPResponse, _ what: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(response.text)
        } catch {
            throw OnboardError(
                .protocolViolation, "the FHIR server answered \(what) with something that is not JSON: \(error)")
        }
    }

    /// The server's answer in one sentence: each OperationOutcome issue's diagnostics, else its details text, else its
    /// severity and code; otherwise the start of the body, or that there was none. A 404 to a search also says which
    /// setting to check, since a wrong base URL is its usual cause.
    private func unexpected(_ response: HTTPResponse, _ doing: String) -> OnboardError {
        let issues = (try? JSONValue.parse(response.text))?["issue"]?.arrayValue?.map { issue -> String in
            issue["diagnostics"]?.stringValue ?? issue["details"]?["text"]?.stringValue
                ?? [issue["severity"]?.stringValue, issue["code"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        }.filter { !$0.isEmpty }
        let body = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        var detail =
            issues.flatMap { $0.isEmpty ? nil : $0.joined(separator: "; ") }
            ?? (body.isEmpty ? "an empty answer" : String(body.prefix(300)))
        if response.status == 404 && doing.hasPrefix("searching") {
            detail += " (is platform.fhirBaseUrl \(baseURL) the FHIR server's base URL?)"
        }
        return OnboardError(.rejected, "the FHIR server answered HTTP \(response.status) \(doing): \(detail)")
    }

    /// The resource as onboard wrote it: server-kept `meta` fields (versionId, lastUpdated, source) left out.
    static func platformDocument(_ resource: JSONValue) -> PlatformDocument {
        guard case .object(var object) = resource else { return PlatformDocument(document: resource) }
        let version = object["meta"]?["versionId"]?.stringValue
        if case .object(var meta)? = object["meta"] {
            for field in ["versionId", "lastUpdated", "source"] { meta[field] = nil }
            object["meta"] = meta.isEmpty ? nil : .object(meta)
        }
        return PlatformDocument(document: .object(object), version: version)
    }

    static func etag(_ version: String?) -> String { "W/\"\(version ?? "")\"" }

    static func version(fromETag etag: String) -> String {
        var text = etag.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+|:/?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
