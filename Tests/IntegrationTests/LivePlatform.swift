import Foundation
import OnboardTestSupport

/// The real test platform (docs/live-platform.md, The test platform; sekmet-fhir, glewlwyd, nginx, OpenBao), started fresh on 127.0.0.1 by
/// `scripts/peers/peers` for a test and stopped after it; HTTP to it goes through the curl CLI, an independent client.
final class LivePlatform: @unchecked Sendable {
    static let script = Repository.root.appendingPathComponent("scripts/peers/peers").path
    let settings: [String: String]

    /// Starts sekmet-fhir, glewlwyd and nginx, and OpenBao too when the test needs it.
    init(openbao: Bool = false) throws {
        try Self.peers(["start", "fhir", "oauth", "gateway"] + (openbao ? ["openbao"] : []))
        let text = try String(contentsOf: Repository.root.appendingPathComponent(".peers/env"), encoding: .utf8)
        var settings: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { settings[parts[0]] = parts[1] }
        }
        self.settings = settings
    }

    func stop() {
        try? Self.peers(["stop"])
    }

    static func peers(_ arguments: [String]) throws {
        let run = try ExternalTool.run("bash", [script] + arguments)
        guard run.status == 0 else {
            throw LivePlatformError("scripts/peers/peers \(arguments.joined(separator: " ")) failed:\n\(run.output)")
        }
    }

    subscript(_ key: String) -> String { settings["ONBOARD_PEERS_\(key)"] ?? "" }

    /// The environment `onboard` needs for the example live deployment (examples/live/onboard.yaml).
    var onboardEnvironment: [String: String] {
        [
            "ONBOARD_CA_PASSPHRASE": "live-platform-test-passphrase",
            "ONBOARD_STATE_KEY": "test-only-7Hq2mZx9Lp4Vr8Ns3Kd6Wb1Jf5Tc0Yg",
            "ONBOARD_FHIR_TOKEN": self["FHIR_TOKEN"], "ONBOARD_OAUTH_ADMIN": self["OAUTH_ADMIN"],
            "ONBOARD_OAUTH_ADMIN_PASSWORD": self["OAUTH_PASSWORD"],
        ]
    }

    struct Response {
        let status: Int
        let body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    /// curl: the response body, then the status code on the last line.
    func curl(_ arguments: [String]) throws -> Response {
        let run = try ExternalTool.run(
            "curl", ["-s", "--max-time", "20", "--cacert", self["CA"], "-w", "\n%{http_code}"] + arguments)
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
        return Response(status: Int(lines.last ?? "") ?? 0, body: lines.dropLast().joined(separator: "\n"))
    }

    /// A FHIR request straight to the server (not through the gateway), as the platform's administrator.
    func fhir(_ method: String, _ path: String, _ body: [String: Any]? = nil, ifMatch: String? = nil) throws -> Response
    {
        var arguments = [
            "-X", method, "-H", "Authorization: Bearer \(self["FHIR_TOKEN"])", "-H",
            "Content-Type: application/fhir+json",
        ]
        if let ifMatch { arguments += ["-H", "If-Match: \(ifMatch)"] }
        if let body {
            arguments += [
                "--data-binary", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
            ]
        }
        return try curl(arguments + ["\(self["FHIR_URL"])/\(path)"])
    }

    /// The `bao` CLI as the OpenBao operator (root token from the test platform's init, test-only).
    @discardableResult
    func bao(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(self["OPENBAO_BIN"], arguments, environment: openBaoOperator)
    }

    /// The environment of the OpenBao operator's CLI: address, the platform CA, the root token.
    var openBaoOperator: [String: String] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: self["OPENBAO_INIT"]))) ?? Data()
        let initial = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return [
            "BAO_ADDR": self["OPENBAO_ADDR"], "BAO_CACERT": self["CA"],
            "BAO_TOKEN": initial["root_token"] as? String ?? "",
            "ONBOARD_TEST_UNSEAL_KEY": (initial["unseal_keys_b64"] as? [String])?.first ?? "",
        ]
    }

    /// Every certificate OpenBao's issuing mount holds, in PEM (as its operator lists them).
    func openBaoCertificates() throws -> [String] {
        let token = openBaoOperator["BAO_TOKEN"] ?? ""
        let list = try curl(["-H", "X-Vault-Token: \(token)", "\(self["OPENBAO_ADDR"])/v1/pki_int/certs?list=true"])
        let serials = ((list.json["data"] as? [String: Any])?["keys"] as? [String]) ?? []
        return try serials.map { serial in
            let read = try curl(["\(self["OPENBAO_ADDR"])/v1/pki_int/cert/\(serial)"])
            return (read.json["data"] as? [String: Any])?["certificate"] as? String ?? ""
        }
    }

    /// Every client glewlwyd holds (admin API listing, first 1,000).
    func oauthClients() throws -> [[String: Any]] {
        let body = try oauthClient("?limit=1000").body
        return (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
    }

    /// A client as glewlwyd's administrator sees it (admin API, session cookie).
    func oauthClient(_ clientID: String) throws -> Response {
        try oauthAdmin("GET", "/client/\(clientID)")
    }

    /// glewlwyd's admin API, as its administrator working by hand (session cookie).
    func oauthAdmin(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Response {
        let jar = FileManager.default.temporaryDirectory.appendingPathComponent("glewlwyd-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: jar) }
        _ = try curl([
            "-c", jar, "-H", "Content-Type: application/json", "--data",
            "{\"username\":\"\(self["OAUTH_ADMIN"])\",\"password\":\"\(self["OAUTH_PASSWORD"])\"}",
            "\(self["OAUTH_URL"])/auth/",
        ])
        var arguments = ["-b", jar, "-X", method]
        if let body {
            arguments += [
                "-H", "Content-Type: application/json", "--data-binary",
                String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self),
            ]
        }
        return try curl(arguments + ["\(self["OAUTH_URL"])\(path)"])
    }
}

struct LivePlatformError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
