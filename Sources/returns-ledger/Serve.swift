import ArgumentParser
import Foundation
import LedgerServer
import Logging
import ReturnsCore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the /v1 API until SIGTERM or SIGINT.")
    @OptionGroup var database: DatabaseOptions

    @Option(help: "HOST:PORT to listen on (default: $LEDGER_LISTEN, else 127.0.0.1:8080)")
    var listen: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; with --tls-key the ledger speaks HTTPS")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert")
    var tlsKey: String?

    @Option(name: .customLong("location"), help: "DISPOSITION=location, e.g. RESTOCK=shop-floor (repeatable)")
    var locations: [String] = []

    @Option(name: .customLong("rma-days"), help: "Lifetime of an RMA when the request gives none")
    var rmaDays = 30

    @Option(name: .customLong("refund-fee"), help: "CONDITION=PERCENT restocking fee, e.g. OPENED=15 (repeatable; others keep the standard table)")
    var refundFees: [String] = []

    @Option(name: .customLong("waive-fee-for"), help: "Reasons whose fee is waived, comma-separated (replaces the standard list; repeatable)")
    var waiveFeeFor: [String] = []

    @Option(name: .customLong("override-grace-days"), help: "Honour a station supervisor's approval of a late return up to this many days after the window")
    var overrideGraceDays = OverridePolicy.standard.outsideWindowGraceDays

    @Flag(name: .customLong("refuse-not-returnable-overrides"), help: "Do not honour a station supervisor's approval of a non-returnable item")
    var refuseNotReturnableOverrides = false

    @Option(name: .customLong("request-timeout"), help: "Seconds a client has for each whole request (TLS handshake included); a byte at a time does not extend it")
    var requestTimeout = 30

    @Option(name: .customLong("max-connections"), help: "Connections served at once; more wait to be accepted")
    var maxConnections = 1024

    @Flag(help: "Apply pending migrations before serving")
    var migrate = false

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var listen = try ListenConfiguration(listen: listen ?? ProcessInfo.processInfo.environment["LEDGER_LISTEN"] ?? "127.0.0.1:8080")
        listen.tlsCertificatePath = tlsCert
        listen.tlsKeyPath = tlsKey
        guard (1...3600).contains(requestTimeout) else { throw ValidationError("--request-timeout must be from 1 to 3600 seconds") }
        guard (1...100_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 100000") }
        listen.requestTimeoutSeconds = requestTimeout
        listen.maxConnections = maxConnections
        var configuration = LedgerConfiguration(defaultRMADays: rmaDays)
        try configuration.overrideLocations(locations)
        try configuration.overrideRefundPolicy(fees: refundFees, waived: waiveFeeFor.isEmpty ? nil : waiveFeeFor)
        guard (0...3650).contains(overrideGraceDays) else { throw ValidationError("--override-grace-days must be from 0 to 3650") }
        configuration.overridePolicy = .init(outsideWindowGraceDays: overrideGraceDays, honoursNotReturnable: !refuseNotReturnableOverrides)
        let url = try database.url()
        if migrate {
            try await LedgerStore.withStore(url: url, configuration: configuration) { _ = try await $0.migrate() }
        }
        let policy = try await LedgerStore.withStore(url: url, configuration: configuration) { store in
            let version = try await store.schemaVersion()
            guard version >= LedgerStore.latestSchemaVersion else {
                throw ValidationError("the database is at schema \(version), this ledger needs \(LedgerStore.latestSchemaVersion): run `returns-ledger migrate`")
            }
            // Recorded before any station can be served it, so every note priced by it can name it.
            return try await store.recordRefundPolicy()
        }
        Logger(label: "returns-ledger").info("refund policy \(policy.id) in force: \(policy.canonical)")
        let store = LedgerStore(client: .init(configuration: url.clientConfiguration), configuration: configuration)
        let app = try LedgerApplication.make(store: store, listen: listen)
        try await app.runService()
    }
}
