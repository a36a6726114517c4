import Foundation
import OnboardSpec
import OnboardSystem

/// Loads and validates a generated repository of N partner files (each with a CSR and a JWKS beside it), the work of
/// `onboard validate` on a large network.
enum ValidateBenchmark {
    static func run(_ arguments: [String]) async throws {
        let options = BenchmarkOptions(arguments)
        let partners = options.integer("partners", default: 10_000)
        let iterations = options.integer("iterations", default: 5)
        let source = URL(fileURLWithPath: options.string("example", default: "."))
        let root = try await generate(partners: partners, from: source)
        defer { try? FileManager.default.removeItem(at: root) }

        let generatedMiB = Measurement.peakResidentMiB()
        let tree = LocalSourceTree(root: root)
        var result: LoadResult?
        var samples: [Double] = []
        for _ in 0..<iterations {
            samples.append(await Measurement.seconds { result = NetworkLoader(tree: tree).load() })
        }
        guard let result, result.diagnostics.isEmpty, result.network.partners.count == partners else {
            throw BenchmarkFailure(
                description: "generated network is not valid: \(result?.diagnostics.prefix(3) ?? [])")
        }
        Measurement.report(
            "validate \(partners) partner files", samples: samples,
            extra: String(format: " (%.1f MiB before loading)", generatedMiB)
        )
    }

    /// A repository with the example's deployment and templates and `partners` generated partner files.
    static func generate(partners: Int, from example: URL) async throws -> URL {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("onboard-bench-\(UUID().uuidString)")
        let partnersDirectory = root.appendingPathComponent("Partners")
        try manager.createDirectory(at: partnersDirectory, withIntermediateDirectories: true)
        try manager.copyItem(
            at: example.appendingPathComponent("onboard.yaml"), to: root.appendingPathComponent("onboard.yaml"))
        try manager.copyItem(
            at: example.appendingPathComponent("Templates"), to: root.appendingPathComponent("Templates"))
        let csr = try await anonymousCSR(in: root)
        let jwks = try String(
            contentsOf: example.appendingPathComponent("Partners/northside-lab.jwks.json"), encoding: .utf8)
        for index in 0..<partners {
            let id = String(format: "partner-%05d", index)
            let folder = partnersDirectory.appendingPathComponent(String(format: "group-%02d", index % 50))
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try partnerFile(id: id, index: index).write(
                to: folder.appendingPathComponent("\(id).yaml"), atomically: false, encoding: .utf8)
            try csr.write(to: folder.appendingPathComponent("\(id).csr.pem"), atomically: false, encoding: .utf8)
            try jwks.write(to: folder.appendingPathComponent("\(id).jwks.json"), atomically: false, encoding: .utf8)
        }
        return root
    }

    /// A P-256 CSR without a CN, made by the openssl CLI, that every generated partner can share (a CSR naming one
    /// partner would be refused for the others).
    static func anonymousCSR(in directory: URL) async throws -> String {
        let path = directory.appendingPathComponent("shared.csr.pem")
        let outcome = try await ChildProcess.run([
            "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "/dev/null", "-subj", "/O=Generated Partner", "-out", path.path,
        ])
        defer { try? FileManager.default.removeItem(at: path) }
        guard outcome.succeeded else {
            throw BenchmarkFailure(description: "openssl req failed: \(outcome.errorOutput)")
        }
        return try String(contentsOf: path, encoding: .utf8)
    }

    static func partnerFile(id: String, index: Int) -> String {
        let kind = ["laboratory", "imaging-center", "specialist", "satellite-clinic"][index % 4]
        let scopes = [
            "laboratory": [
                "system/ServiceRequest.rs", "system/Observation.cu", "system/DiagnosticReport.cu",
                "system/Patient.read",
            ],
            "imaging-center": ["system/ServiceRequest.rs", "system/ImagingStudy.cru", "system/DiagnosticReport.cu"],
            "specialist": [
                "system/Patient.rs", "system/DocumentReference.cu",
                "system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
            ],
            "satellite-clinic": ["system/Patient.rs", "system/Encounter.crus", "system/Observation.rs"],
        ][kind]!
        return """
            apiVersion: onboard/v1
            kind: Partner
            metadata:
              id: \(id)
              name: Generated partner \(index)
              labels: {region: r\(index % 7), generated: "true"}
            spec:
              template: \(kind)
              status: \(index % 10 == 0 ? "suspended" : "active")
              identifiers:
                - {system: "http://hl7.org/fhir/sid/us-npi", value: "\(1_000_000_000 + index)"}
              contacts:
                - {name: IT desk \(index), email: it-\(index)@\(id).example}
              endpoints:
                - name: fhir
                  connectionType: hl7-fhir-rest
                  address: https://fhir.\(id).example/r4
                  payloadMimeTypes: [application/fhir+json]
                - name: wado
                  connectionType: dicom-wado-rs
                  address: https://pacs.\(id).example/dicomweb
              access:
                scopes: [\(scopes.joined(separator: ", "))]
                auth: private_key_jwt
                jwks: \(id).jwks.json
              certificate:
                csr: \(id).csr.pem
                validityDays: 90

            """
    }
}
