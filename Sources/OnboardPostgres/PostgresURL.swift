import Foundation
import NIOSSL
import OnboardCore
import PostgresNIO

/// A PostgreSQL connection URL (`postgres://user:password@host:port/database?sslmode=…&sslrootcert=…`) as a
/// connection configuration. TLS follows `sslmode` as libpq reads it, except that the default is `verify-full`:
/// a certificate checked against the system roots (or `sslrootcert`) and the host name, unless the URL says
/// otherwise (`disable`, `require` — encrypted, unverified — or `verify-ca`). The password never appears in a message.
struct PostgresURL: Sendable {
    let host: String
    let port: Int
    let user: String
    let password: String?
    let database: String
    let sslMode: String
    let rootCertificate: String?

    /// `host:port/database`, for messages.
    var server: String { "\(host):\(port)/\(database)" }

    init(_ text: String, variable: String) throws(OnboardError) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme),
            let host = components.host, !host.isEmpty
        else {
            throw OnboardError(
                .configuration,
                "\(variable) does not hold a PostgreSQL URL (postgres://user:password@host:port/database)"
            )
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw OnboardError(.configuration, "the URL in \(variable) names no database") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let mode = query["sslmode"] ?? "verify-full"
        guard ["disable", "require", "verify-ca", "verify-full"].contains(mode) else {
            throw OnboardError(
                .configuration,
                "the URL in \(variable) has sslmode=\(mode); use disable, require, verify-ca or verify-full (the default)"
            )
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        self.database = database
        self.sslMode = mode
        self.rootCertificate = query["sslrootcert"]
    }

    func configuration() throws(OnboardError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if sslMode == "disable" {
            tls = .disable
        } else {
            var settings = TLSConfiguration.makeClientConfiguration()
            switch sslMode {
            case "require": settings.certificateVerification = .none
            case "verify-ca": settings.certificateVerification = .noHostnameVerification
            default: settings.certificateVerification = .fullVerification
            }
            if let rootCertificate { settings.trustRoots = .file(rootCertificate) }
            do {
                tls = .require(try NIOSSLContext(configuration: settings))
            } catch {
                throw OnboardError(.configuration, "TLS for the PostgreSQL server \(server) cannot be set up: \(error)")
            }
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
