import Foundation
import OnboardCore

/// The embedded FHIR directory: one JSON file per resource under `out/platform/fhir/<Type>/<id>.json`, and after
/// each apply a FHIR transaction Bundle (`bundle.json`) of everything onboard owns, ready to POST to a FHIR server.
public struct EmbeddedDirectory: DirectoryTarget {
    public let root: URL
    public let output: OutputDirectory

    public init(root: URL) {
        self.root = root
        self.output = OutputDirectory(root: root)
    }

    public func read(_ request: ReadRequest) async throws -> PlatformDocument? {
        let file = root.appendingPathComponent(request.handle.platformID + ".json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return PlatformDocument(document: try JSONValue.parse(String(decoding: data, as: UTF8.self)))
    }

    public func put(
        _ address: ResourceAddress, _ document: JSONValue, existing: PlatformHandle?, baseVersion: String?
    )
        async throws -> PlatformHandle
    {
        guard let type = document["resourceType"]?.stringValue, let id = document["id"]?.stringValue else {
            throw OnboardError(.artifact, "cannot write \(address): not a FHIR resource with resourceType and id")
        }
        let path = "\(type)/\(id)"
        try await output.write(path + ".json", text: document.prettyText)
        return PlatformHandle(platformID: path)
    }

    public func delete(_ address: ResourceAddress, handle: PlatformHandle) async throws {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(handle.platformID + ".json"))
    }

    /// Audit records beside the directory's resources, `<Type>/<id>.json`.
    public func record(_ resources: [JSONValue]) async throws {
        for resource in resources {
            guard let type = resource["resourceType"]?.stringValue, let id = resource["id"]?.stringValue else {
                continue
            }
            try await output.write("\(type)/\(id).json", text: resource.prettyText)
        }
    }

    /// Writes `bundle.json`: a transaction with a conditional PUT per resource (by id), in dependency order.
    public func finish() async throws {
        var entries: [JSONValue] = []
        for type in [
            "Organization", "Endpoint", "HealthcareService", "OrganizationAffiliation", "CapabilityStatement",
        ] {
            output.removeAbandonedTemporaries(in: type)
            let folder = root.appendingPathComponent(type)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
                $0.hasSuffix(".json")
            }.sorted()
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                    let resource = try? JSONValue.parse(String(decoding: data, as: UTF8.self)),
                    let id = resource["id"]?.stringValue
                else { continue }
                entries.append([
                    "fullUrl": .string("urn:onboard:\(type)/\(id)"),
                    "resource": resource,
                    "request": ["method": "PUT", "url": .string("\(type)/\(id)")],
                ])
            }
        }
        let bundle: JSONValue = ["resourceType": "Bundle", "type": "transaction", "entry": .array(entries)]
        try await output.write("bundle.json", text: bundle.prettyText)
    }
}
