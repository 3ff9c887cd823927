/// Where and how `serve` listens.
public struct ListenConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// PEM files; both or neither. Without them the ledger speaks plain HTTP (put it behind a TLS proxy, or
    /// only on a trusted network).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Each whole request (and, with TLS, the handshake before the first) must arrive within this of the
    /// connection opening or of the previous answer; a byte at a time does not extend it. Applies before any
    /// token is checked.
    public var requestTimeoutSeconds: Int
    /// Connections served at once; more wait in the kernel's accept queue until one closes.
    public var maxConnections: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
                requestTimeoutSeconds: Int = 30, maxConnections: Int = 1024) {
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxConnections = maxConnections
    }

    /// `HOST:PORT` (`LEDGER_LISTEN`), `[::1]:8080` for IPv6.
    public init(listen: String) throws(LedgerError) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw LedgerError(.configuration, "listen address '\(listen)' is not HOST:PORT")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }
}
