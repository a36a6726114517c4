import Foundation
import NIOHTTP1
import OnboardCore

/// The partner CA's signer on an OpenBao (or Vault) PKI mount: `POST <mount>/sign/<role>` with the partner's CSR and
/// the names onboard derives (never `sign-verbatim`, which ignores the role's limits), `<mount>/revoke`, the chain
/// and the CRLs of the issuing and root mounts. Logs in with an AppRole or a token from the environment; the token
/// lives in memory only. An actor: parallel signing requests share one login.
public actor OpenBaoSigner: CertificateSigner {
    public nonisolated let name: String
    private let address: String
    private let mount: String
    private let rootMount: String
    private let role: String
    /// Names the URI SANs the role may sign: `urn:onboard:partner:<deployment>:…`.
    private let deployment: String
    private let credentials: Credentials
    private let http: RESTClient
    private var login: Task<String, any Error>?
    /// The token the current login gave.
    private var loggedIn: String?
    private var chain: String?

    /// How onboard logs in, with the secrets already read from the environment — or why it cannot, said at the
    /// first request that needs a login (a plan needs none: the chain is kept beside the inventory).
    public enum Credentials: Sendable {
        case appRole(roleID: String, secretID: String)
        case token(String)
        case unavailable(String)
    }

    public init(
        address: String, mount: String, rootMount: String, role: String, deployment: String,
        credentials: Credentials, http: RESTClient
    ) {
        self.deployment = deployment
        self.address = address.hasSuffix("/") ? String(address.dropLast()) : address
        self.mount = mount
        self.rootMount = rootMount
        self.role = role
        self.credentials = credentials
        self.http = http
        self.name = "OpenBao at \(RESTClient.origin(address)) (\(mount), role \(role))"
    }

    // MARK: - CertificateSigner

    public func prepare(validityDays: Int) async throws(OnboardError) {
        let step = "reading the role \(mount)/roles/\(role)"
        let response = try await send(.GET, "\(mount)/roles/\(role)", step: step)
        guard response.status == 200, let data = try? JSONValue.parse(response.text)["data"] else {
            throw failure(response, step: step)
        }
        let problems = OpenBaoRoleCheck.problems(data, deployment: deployment, validityDays: validityDays)
        guard problems.isEmpty else {
            throw OnboardError(
                .caRoleTooBroad,
                "\(name): the role could issue more than partner client certificates — \(problems.joined(separator: "; ")); "
                    + "onboard signs nothing through it")
        }
        try await checkCapabilities()
    }

    /// What onboard's own credentials may do besides signing through the role: a token that could also sign
    /// verbatim, have OpenBao make keys, change the role or sign a CA is refused, so a runner's credentials are no
    /// more than partner certificates.
    private func checkCapabilities() async throws(OnboardError) {
        let forbidden: [(path: String, what: String)] = [
            ("\(mount)/sign-verbatim/\(role)", "sign verbatim (no SAN limits)"),
            ("\(mount)/sign-verbatim", "sign verbatim (no SAN limits)"),
            ("\(mount)/issue/\(role)", "have OpenBao generate partner keys"),
            ("\(mount)/roles/\(role)", "change the role"),
            ("\(mount)/root/sign-intermediate", "sign CA certificates"),
            ("\(rootMount)/root/sign-intermediate", "sign CA certificates"),
            ("\(rootMount)/sign-verbatim", "sign verbatim with the root"),
        ]
        let step = "reading what onboard's credentials may do"
        let body: JSONValue = ["paths": .array(forbidden.map { .string($0.path) })]
        let response = try await send(.POST, "sys/capabilities-self", body: body, step: step)
        guard response.status == 200, let answer = try? JSONValue.parse(response.text) else {
            throw failure(response, step: step)
        }
        let writes: Set<String> = ["create", "update", "delete", "sudo", "root"]
        let allowed = forbidden.filter { entry in
            let capabilities = (answer[entry.path]?.arrayValue ?? []).compactMap(\.stringValue)
            return capabilities.contains { writes.contains($0) }
        }
        guard allowed.isEmpty else {
            let uses = Array(NSOrderedSet(array: allowed.map(\.what))).compactMap { $0 as? String }
            throw OnboardError(
                .caRoleTooBroad,
                "\(name): onboard's credentials may also \(uses.joined(separator: ", ")) "
                    + "(\(allowed.map(\.path).joined(separator: ", "))); give onboard a token or AppRole whose policy "
                    + "allows only sign and revoke through the role (docs/openbao.md)")
        }
    }

    public func sign(
        csrPEM: String, commonName: String, uriSAN: String, validityDays: Int
    ) async throws(OnboardError) -> SignedCertificate {
        let step = "signing the certificate of \(commonName)"
        let body: [String: JSONValue] = [
            "csr": .string(csrPEM), "common_name": .string(commonName), "uri_sans": .string(uriSAN),
            "ttl": .string("\(validityDays * 24)h"), "exclude_cn_from_sans": .bool(true), "format": .string("pem"),
        ]
        let response = try await send(.POST, "\(mount)/sign/\(role)", body: .object(body), step: step)
        guard response.status == 200, let data = try? JSONValue.parse(response.text)["data"],
            let certificate = data["certificate"]?.stringValue
        else { throw failure(response, step: step) }
        let chain = (data["ca_chain"]?.arrayValue ?? []).compactMap(\.stringValue)
        return SignedCertificate(
            certificatePEM: Self.line(certificate), chainPEM: chain.map(Self.line).joined())
    }

    public func revoke(serial: String) async throws(OnboardError) {
        let step = "revoking the certificate \(serial)"
        let response = try await send(
            .POST, "\(mount)/revoke", body: ["serial_number": .string(Self.colonSerial(serial))], step: step)
        guard response.status == 200 || response.status == 204 else { throw failure(response, step: step) }
    }

    public func chainPEM() async throws(OnboardError) -> String {
        if let chain { return chain }
        let step = "reading the CA chain of \(mount)"
        let response = try await send(.GET, "\(mount)/issuer/default/json", authenticated: false, step: step)
        guard response.status == 200, let data = try? JSONValue.parse(response.text)["data"],
            let certificates = data["ca_chain"]?.arrayValue?.compactMap(\.stringValue), !certificates.isEmpty
        else { throw failure(response, step: step) }
        let pem = certificates.map(Self.line).joined()
        chain = pem
        return pem
    }

    public func crlPEM() async throws(OnboardError) -> String {
        var pem = ""
        for mount in [mount, rootMount] {
            let step = "reading the CRL of \(mount)"
            let response = try await send(.GET, "\(mount)/crl/pem", authenticated: false, step: step)
            guard response.status == 200, response.text.contains("BEGIN X509 CRL") else {
                throw failure(response, step: step)
            }
            pem += Self.line(response.text)
        }
        return pem
    }

    public func rebuildCRLs() async throws(OnboardError) {
        for mount in [mount, rootMount] {
            let step = "rebuilding the CRL of \(mount)"
            let response = try await send(.GET, "\(mount)/crl/rotate", step: step)
            guard response.status == 200 else { throw failure(response, step: step) }
        }
    }

    public func issued() async throws(OnboardError) -> [String] {
        let step = "listing the certificates of \(mount)"
        let response = try await send(.GET, "\(mount)/certs?list=true", step: step)
        if response.status == 404 { return [] }
        guard response.status == 200, let data = try? JSONValue.parse(response.text)["data"] else {
            throw failure(response, step: step)
        }
        let serials = (data["keys"]?.arrayValue ?? []).compactMap(\.stringValue)
        var certificates: [String] = []
        for serial in serials {
            if let pem = try await certificate(serial: serial) { certificates.append(pem) }
        }
        return certificates
    }

    public func certificate(serial: String) async throws(OnboardError) -> String? {
        let serial = Self.colonSerial(serial)
        let read = try await send(
            .GET, "\(mount)/cert/\(serial)", authenticated: false, step: "reading the certificate \(serial)")
        guard read.status == 200, let pem = (try? JSONValue.parse(read.text))?["data"]?["certificate"]?.stringValue,
            !pem.isEmpty
        else { return nil }
        return Self.line(pem)
    }

    // MARK: - HTTP

    /// One request to `/v1/<path>`; a 403 with a token from an AppRole login logs in again once (the token may have
    /// outlived its TTL in a long run).
    private func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, authenticated: Bool = true, step: String
    ) async throws(OnboardError) -> HTTPResponse {
        var retried = false
        while true {
            var headers = ["Accept": "application/json"]
            if authenticated { headers["X-Vault-Token"] = try await token(step: step) }
            if body != nil { headers["Content-Type"] = "application/json" }
            let used = headers["X-Vault-Token"]
            let response: HTTPResponse
            do {
                response = try await http.send(
                    method, "\(address)/v1/\(path)", headers: headers, body: body.map { Data($0.canonicalText.utf8) },
                    idempotent: method != .POST || path.hasSuffix("/revoke"))
            } catch {
                throw await unavailable(error, step: step)
            }
            if response.status == 403, authenticated, !retried, case .appRole = credentials {
                // Another request may have logged in again already: only the login that was refused is dropped.
                if let used, loggedIn == used {
                    login = nil
                    loggedIn = nil
                }
                retried = true
                continue
            }
            return response
        }
    }

    private func token(step: String) async throws(OnboardError) -> String {
        switch credentials {
        case .unavailable(let reason): throw OnboardError(.configuration, "\(reason): \(step) needs a login")
        case .token(let token): return token
        case .appRole(let roleID, let secretID):
            if login == nil {
                let (http, address) = (self.http, self.address)
                login = Task {
                    let body: JSONValue = ["role_id": .string(roleID), "secret_id": .string(secretID)]
                    let response = try await http.send(
                        .POST, "\(address)/v1/auth/approle/login", headers: ["Content-Type": "application/json"],
                        body: Data(body.canonicalText.utf8), idempotent: true)
                    guard response.status == 200,
                        let token = (try? JSONValue.parse(response.text))?["auth"]?["client_token"]?.stringValue
                    else { throw OpenBaoAnswer(response: response) }
                    return token
                }
            }
            do {
                let token = try await login!.value
                loggedIn = token
                return token
            } catch let answer as OpenBaoAnswer {
                login = nil
                throw OnboardError(
                    .rejected,
                    "\(name) refused the AppRole login (HTTP \(answer.response.status)\(Self.errors(answer.response))) "
                        + "before \(step): check the role and secret id variables")
            } catch {
                login = nil
                throw await unavailable(error, step: step)
            }
        }
    }

    /// A request that did not get through: a sealed server says so, with the step that did not happen.
    private func unavailable(_ error: any Error, step: String) async -> OnboardError {
        let sealed = try? await http.send(.GET, "\(address)/v1/sys/seal-status", headers: [:])
        if let sealed, sealed.status == 200, (try? JSONValue.parse(sealed.text))?["sealed"] == .bool(true) {
            return OnboardError(
                .unreachable,
                "\(name) is sealed: \(step) did not happen; unseal it (bao operator unseal) and run apply again")
        }
        let message = (error as? OnboardError)?.message ?? "\(error)"
        return OnboardError(.unreachable, "\(name): \(step) failed: \(message)")
    }

    private func failure(_ response: HTTPResponse, step: String) -> OnboardError {
        if response.status == 503 {
            return OnboardError(
                .unreachable,
                "\(name) is sealed or unavailable (HTTP 503): \(step) did not happen; unseal it and run apply again")
        }
        return OnboardError(
            response.status == 403 || response.status == 400 ? .rejected : .protocolViolation,
            "\(name) refused \(step) (HTTP \(response.status)\(Self.errors(response)))")
    }

    /// OpenBao's `errors` list, for messages.
    private static func errors(_ response: HTTPResponse) -> String {
        let errors = ((try? JSONValue.parse(response.text))?["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
        return errors.isEmpty ? "" : ": " + errors.joined(separator: "; ").prefix(300)
    }

    /// PEM text ending in one newline.
    private static func line(_ pem: String) -> String {
        pem.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// `1A70…` as OpenBao writes serials: `1a:70:…`.
    static func colonSerial(_ serial: String) -> String {
        let hex = serial.lowercased().filter(\.isHexDigit)
        let padded = hex.count % 2 == 0 ? hex : "0" + hex
        var pairs: [String] = []
        var index = padded.startIndex
        while index < padded.endIndex {
            let next = padded.index(index, offsetBy: 2)
            pairs.append(String(padded[index..<next]))
            index = next
        }
        return pairs.joined(separator: ":")
    }
}

/// An answer the login did not accept, carried out of the login task.
struct OpenBaoAnswer: Error {
    let response: HTTPResponse
}
