import StationConfig
import Foundation
import Logging
import ReturnsCore
import StationArchive
import StationStore
import Synchronization

/// Everything a running station shares between its parts: the store, the pipeline, and what the
/// supervisor can see. Built once by `returnsd run` (and by tests).
public final class StationRuntime: Sendable {
    public let configuration: StationConfiguration
    public let store: StationStore
    public let pipeline: ScanPipeline
    public let devices: DeviceRegistry
    public let metrics: StationMetrics
    public let events: EventHub
    public let sync: SyncStatusBoard
    /// Wakes the sync engine: a note was closed, or a supervisor asked for parked notes to be retried.
    public let syncWakeup: SyncWakeup
    /// Whether the store took the last transaction; shown on the socket and in STATUS=.
    public let storeHealth: StoreHealthBoard
    /// What a reload changes in place: supervisor groups and limits, feedback commands.
    public let live: LiveSettings
    /// Open connections on the supervisor socket (capped per `[supervisor]`).
    public let supervisorConnections = SupervisorConnectionCount()
    /// Delivered history leaving the live store for the monthly archive files, and read back from them.
    public let archiver: StationArchiver
    /// The writer's SQLite settings, read back from it once at start (`GET /v1/status`, `storeWriter`).
    public let storeWriterSettings: [String: String]
    public let startedAtMillis: Int64
    public let clock: StationClock
    public let logger: Logger
    public static let version = "0.4.0"

    public init(configuration: StationConfiguration, clock: StationClock = .system, logger: Logger) throws {
        self.configuration = configuration
        live = LiveSettings(configuration, logger: logger)
        self.clock = clock
        self.logger = logger
        store = try Replayer.openStore(stateDirectory: configuration.stateDirectory, stationID: configuration.stationID)
        let metrics = StationMetrics()
        let events = EventHub()
        let devices = DeviceRegistry()
        let syncWakeup = SyncWakeup()
        let storeHealth = StoreHealthBoard()
        let observers = PipelineObservers(
            committed: { receipt in
                let latency = Double(clock.monotonicNanos() &- receipt.input.monotonicNanos) / 1e9
                metrics.scanCommitted(outcome: receipt.decision.outcome, latencySeconds: max(0, latency))
                devices.scanned(receipt.input.device, atMillis: receipt.input.wallMillis)
                events.publish(StationEvent(receipt: receipt))
                if receipt.note != nil { syncWakeup.noteClosed() }
            },
            batchCommitted: { _ in
                metrics.storeCommit()
                if let ended = storeHealth.committed() {
                    logger.notice("the store takes writes again; scans are acknowledged",
                                  metadata: ["failedBatches": "\(ended.failedBatches)", "since": "\(ended.sinceMillis)"])
                    events.publish(StationEvent(type: "storeRecovered", detail: "after \(ended.failedBatches) failed transactions",
                                                atMillis: clock.wallMillis()))
                }
            },
            batchFailed: { error in
                metrics.storeFailure()
                storeHealth.failed(error.description, atMillis: clock.wallMillis())
                logger.error("scans not stored, not acknowledged", metadata: ["error": "\(error)"])
                events.publish(StationEvent(type: "storeFailure", detail: error.description, atMillis: clock.wallMillis()))
            })
        // With a ledger, notes are priced by the policy it last served; before it first answers, by the standard
        // one, which every ledger knows (docs/LEDGER.md, "One refund policy").
        let ledgerRefundPolicy = configuration.ledger == nil ? nil : try store.ledgerRefundPolicy() ?? .standard
        pipeline = try ScanPipeline(store: store, policy: configuration.policy, classifier: configuration.classifier,
                                    lanes: configuration.lanes, clock: clock, observers: observers,
                                    ledgerRefundPolicy: ledgerRefundPolicy)
        devices.configure(configuration.devices, lanes: configuration.lanes)
        self.metrics = metrics
        self.events = events
        self.devices = devices
        self.syncWakeup = syncWakeup
        self.storeHealth = storeHealth
        sync = SyncStatusBoard(ledgerConfigured: configuration.ledger != nil)
        archiver = StationArchiver(store: store, folder: configuration.archive.folder, requireDelivery: configuration.ledger != nil,
                                   clock: clock, live: live, logger: logger)
        var settings: [String: String] = [:]
        for name in StationStore.writerSettingNames { settings[name] = try store.pragma(name) ?? "" }
        storeWriterSettings = settings
        startedAtMillis = clock.wallMillis()
    }
}

/// A late-bound "deliver now" for the sync engine, which is built after the runtime (and may not exist).
public final class SyncWakeup: Sendable {
    private let actions = Mutex<(wake: @Sendable () -> Void, retryNow: @Sendable () -> Void)?>(nil)
    public init() {}
    public func install(noteClosed: @escaping @Sendable () -> Void, retryNow: @escaping @Sendable () -> Void) {
        actions.withLock { $0 = (noteClosed, retryNow) }
    }
    /// A note was closed: deliver it if the engine is not backing off.
    public func noteClosed() { actions.withLock { $0 }?.wake() }
    /// A supervisor asked: forget the backoff and try now.
    public func retryNow() { actions.withLock { $0 }?.retryNow() }
}
