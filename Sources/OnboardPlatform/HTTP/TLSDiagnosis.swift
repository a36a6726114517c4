import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Why a server's certificate failed verification, in words that send an operator the right way. The TLS library
/// says only "verify failed"; this looks at the certificate itself, on a second connection that does not verify it
/// (and sends nothing over it): an expired or not yet valid certificate names its date, one a trusted CA issued for
/// another host names the names it has, and the TLS library's reason (an untrusted issuer) stands otherwise.
enum TLSDiagnosis {
    /// The reason for `url`'s failed verification, or nil when the TLS library's own reason stands: the certificate
    /// cannot be read, or its dates are fine and no CA onboard trusts (the system's and `caBundle`) issued it.
    static func explain(_ url: String, caBundle: String?, now: Date = Date()) async -> String? {
        guard let components = URLComponents(string: url), let host = components.host,
            let certificate = await peerCertificate(host: host, port: components.port ?? 443)
        else { return nil }
        let notAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        if notAfter < now { return "certificate verify failed: the server's certificate expired on \(day(notAfter))" }
        if notBefore > now {
            return "certificate verify failed: the server's certificate is not valid until \(day(notBefore))"
        }
        let names = names(of: certificate)
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.certificateVerification = .noHostnameVerification
        if let caBundle { trusting.additionalTrustRoots = [.file(caBundle)] }
        if !names.contains(where: { matches($0, host: host) }),
            await peerCertificate(host: host, port: components.port ?? 443, configuration: trusting) != nil
        {
            let named = names.isEmpty ? "no host name" : names.joined(separator: ", ")
            return "certificate verify failed: the server's certificate is for \(named), not \(host)"
        }
        return nil
    }

    /// The server's leaf certificate, read within 5 seconds on a connection verifying what `configuration` says
    /// (nothing by default); nil when that connection fails.
    static func peerCertificate(
        host: String, port: Int, configuration: TLSConfiguration = unverified
    ) async -> NIOSSLCertificate? {
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let group = MultiThreadedEventLoopGroup.singleton
        let handshake = group.next().makePromise(of: Void.self)
        let isAddress = (try? SocketAddress(ipAddress: host, port: port)) != nil
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
                        )
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(handshake))
                    }
                }
                .connect(host: host, port: port).get()
            defer { channel.close(promise: nil) }
            let timer = channel.eventLoop.scheduleTask(in: .seconds(5)) {
                handshake.fail(ChannelError.connectTimeout(.seconds(5)))
            }
            defer { timer.cancel() }
            try await handshake.futureResult.get()
            return try await channel.nioSSL_peerCertificate().get()
        } catch {
            handshake.fail(error)
            return nil
        }
    }

    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// The DNS names and IP addresses of the certificate's subject alternative names.
    static func names(of certificate: NIOSSLCertificate) -> [String] {
        certificate._subjectAlternativeNames().compactMap { name -> String? in
            let bytes = name.contents.withUnsafeBufferPointer { Array($0) }
            switch name.nameType {
            case .dnsName: return String(decoding: bytes, as: UTF8.self)
            case .ipAddress where bytes.count == 4: return bytes.map(String.init).joined(separator: ".")
            case .ipAddress where bytes.count == 16:
                return stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
                }
                .joined(separator: ":")
            default: return nil
            }
        }
    }

    /// RFC 6125 matching, enough to tell "another host" apart: exact (case-insensitive), or a `*.` wildcard for one
    /// leftmost label.
    static func matches(_ name: String, host: String) -> Bool {
        let name = name.lowercased(), host = host.lowercased()
        if name == host { return true }
        guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
        return host[dot...] == name.dropFirst()
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// Completes a promise when the TLS handshake completes, or fails it with the first error or a closed channel.
private final class HandshakeWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    private let promise: EventLoopPromise<Void>

    init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { promise.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}
