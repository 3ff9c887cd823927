import Foundation
import PostgresNIO

/// `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`, the form `DATABASE_URL`
/// takes. A `host` query item that starts with `/` names a Unix socket directory, as libpq does.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var socketDirectory: String?
    public var sslMode: String

    public init(_ text: String) throws(LedgerError) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw LedgerError(.configuration, "'\(DatabaseURL.redacted(text))' is not a postgres:// URL")
        }
        let items = Dictionary(url.queryItems?.map { ($0.name, $0.value ?? "") } ?? [], uniquingKeysWith: { $1 })
        host = url.host?.removingPercentEncoding ?? "127.0.0.1"
        if host.isEmpty { host = "127.0.0.1" }
        port = url.port ?? Int(items["port"] ?? "") ?? 5432
        username = url.user?.removingPercentEncoding ?? "postgres"
        password = url.password?.removingPercentEncoding
        database = String(url.path.dropFirst()).removingPercentEncoding ?? ""
        if database.isEmpty { database = username }
        socketDirectory = items["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        sslMode = items["sslmode"] ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw LedgerError(.configuration, "sslmode=\(sslMode) is not supported (disable, prefer or require)")
        }
    }

    /// The client configuration; TLS follows `sslmode` (`prefer` tries TLS and falls back, as libpq does).
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username,
                                  password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch sslMode {
            case "disable": .disable
            case "require": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
        configuration.options.maximumConnections = 40
        return configuration
    }

    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// The URL without its password, for messages.
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? "(unprintable URL)"
    }
}
