import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import NIOHTTPTypes
import PostgresNIO
import RequestDeadline
import ServiceLifecycle

/// Builds the ledger's HTTP application on a store.
///
/// The returned application runs the store's PostgreSQL client as a service beside the HTTP server, so running
/// the application (`runService()`, or inside a `ServiceGroup`) is all a caller does.
public enum LedgerApplication {
    public static func make(
        store: LedgerStore, listen: ListenConfiguration, logger: Logger = Logger(label: "returns-ledger"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let timeout = TimeAmount.seconds(Int64(listen.requestTimeoutSeconds))
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [
            RequestDeadline<HTTPRequestPart, HTTPResponsePart>(
                limit: timeout, isRequestEnd: { if case .end = $0 { true } else { false } },
                isResponseEnd: { if case .end = $0 { true } else { false } }),
        ]))  // no idleTimeout as well: RequestDeadline covers silent and trickling clients, head and body alike
        let server: HTTPServerBuilder
        switch (listen.tlsCertificatePath, listen.tlsKeyPath) {
        case (nil, nil):
            server = http1
        case (let cert?, let key?):
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
            // TLS 1.0 and 1.1 are broken (RFC 8996); every station's client speaks 1.2 or 1.3.
            tls.minimumTLSVersion = .tlsv12
            server = try .tls(http1, tlsConfiguration: tls)
        default:
            throw LedgerError(.configuration, "give both --tls-cert and --tls-key, or neither")
        }
        return Application(
            router: LedgerRoutes(store: store).router(), server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "returns-ledger",
                                 availableConnectionsDelegate: .maximum(listen.maxConnections, logger: logger)),
            services: [store.client], onServerRunning: onServerRunning, logger: logger)
    }
}
