import AsyncHTTPClient
import Foundation
import Hummingbird
import LedgerProtocol
import LedgerServer
import Logging
import NIOCore
import ReturnsCore
import ReturnsTestKit
import ServiceLifecycle

/// One test's ledger: its own database on the shared throwaway cluster, migrated, with a server on a free
/// loopback port that the test talks to over real HTTP.
struct LedgerFixture: Sendable {
    let databaseURL: DatabaseURL
    let cluster: PostgresCluster
    let configuration: LedgerConfiguration

    static func make(configuration: LedgerConfiguration = .init()) async throws -> LedgerFixture {
        let cluster = try await PostgresCluster.shared()
        let url = try DatabaseURL(try await cluster.createDatabase(prefix: "ledger"))
        var quiet = Logger(label: "ledger.test")
        quiet.logLevel = .warning
        try await LedgerStore.withStore(url: url, logger: quiet) { _ = try await $0.migrate() }
        return LedgerFixture(databaseURL: url, cluster: cluster, configuration: configuration)
    }

    /// SQL straight into the test database (to look at what the API does not show).
    func sql(_ text: String) async throws -> String {
        try await cluster.psql(databaseURL.urlString, text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a ledger server for the duration of `body`, then shuts it down gracefully.
    func serve<T: Sendable>(listen: ListenConfiguration = .init(host: "127.0.0.1", port: 0),
                            _ body: @Sendable (RunningLedger) async throws -> T) async throws -> T {
        var clientConfiguration = databaseURL.clientConfiguration
        clientConfiguration.options.maximumConnections = 12
        var quiet = Logger(label: "ledger.test")
        quiet.logLevel = .critical
        let store = LedgerStore(client: .init(configuration: clientConfiguration, backgroundLogger: quiet),
                                configuration: configuration, logger: quiet)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try LedgerApplication.make(store: store, listen: listen, logger: quiet) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
            let scheme = listen.tlsCertificatePath == nil ? "http" : "https"
            let ledger = RunningLedger(store: store, baseURL: "\(scheme)://127.0.0.1:\(port)", port: port)
            do {
                let result = try await body(ledger)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

extension DatabaseURL {
    var urlString: String { "postgres://\(username)@\(host):\(port)/\(database)?sslmode=disable" }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
