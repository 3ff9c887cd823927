/// Where and how `serve` listens.
public struct ListenConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// PEM files; both or neither. Without them the ledger speaks plain HTTP (put it behind a TLS proxy, or
    /// only on a trusted network).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil) {
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
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
