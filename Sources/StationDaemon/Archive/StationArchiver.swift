import Dispatch
import Logging
import ServiceLifecycle
import StationArchive
import StationConfig
import StationStore
import Synchronization

/// The station's side of the journal archive: runs it on a thread of its own (compression and flushes block),
/// one run at a time, on a timer and when a supervisor asks, and reads archived history for the socket.
public final class StationArchiver: Sendable {
    public let archive: JournalArchive
    public let history: JournalHistory
    private let store: StationStore
    private let clock: StationClock
    private let live: LiveSettings
    private let logger: Logger
    private let lastRun = Mutex<LastRun?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let requireDelivery: Bool
    /// Serial: two runs never interleave their appends to one file, and checks of the whole archive (heavy on a
    /// two-core box) queue behind each other instead of running side by side.
    private let runQueue = DispatchQueue(label: "returnsd.archive-runs")
    private let readQueue = DispatchQueue(label: "returnsd.archive-reads", attributes: .concurrent)

    /// The outcome of the last run, for `GET /v1/archive`.
    public struct LastRun: Sendable, Codable {
        public var atMillis: Int64
        public var report: JournalArchive.RunReport?
        public var error: String?
    }

    /// `requireDelivery`: with a ledger, a closed return stays live until the ledger confirmed its note.
    init(store: StationStore, folder: String, requireDelivery: Bool, clock: StationClock, live: LiveSettings, logger: Logger) {
        self.requireDelivery = requireDelivery
        archive = JournalArchive(folder: folder)
        history = JournalHistory(store: store, archive: archive)
        self.store = store
        self.clock = clock
        self.live = live
        self.logger = logger
    }

    public var last: LastRun? { lastRun.withLock { $0 } }
    public var settings: ArchiveConfiguration { live.current.configuration.archive }

    /// Archives what the store no longer needs live, now. `by` names who asked, for the journal.
    public func run(by requester: String) async throws(ArchiveError) -> JournalArchive.RunReport {
        let rules = ArchiveRules(cutoffMillis: settings.cutoffMillis(nowMillis: clock.wallMillis()), requireDelivery: requireDelivery)
        let (archive, store, clock) = (self.archive, self.store, self.clock)
        let result: Result<JournalArchive.RunReport, ArchiveError> = await withCheckedContinuation { done in
            runQueue.async { [weak self] in
                done.resume(returning: Result { () throws(ArchiveError) in
                    guard self?.stopping.load(ordering: .relaxed) == false else { throw ArchiveError("the station is shutting down") }
                    return try archive.run(store: store, rules: rules, nowMillis: clock.wallMillis()) {
                        self?.stopping.load(ordering: .relaxed) ?? true
                    }
                })
            }
        }
        let now = clock.wallMillis()
        switch result {
        case .success(let report):
            lastRun.withLock { $0 = LastRun(atMillis: now, report: report, error: nil) }
            if report.scans > 0 || report.cutTailBytes > 0 {
                logger.notice("journal archived", metadata: ["by": "\(requester)", "scans": "\(report.scans)",
                                                             "through": "\(report.archivedThrough)", "files": "\(report.files.joined(separator: ","))",
                                                             "cutTailBytes": "\(report.cutTailBytes)"])
            }
        case .failure(let error):
            lastRun.withLock { $0 = LastRun(atMillis: now, report: nil, error: error.description) }
            logger.error("journal archive failed; the live store keeps everything", metadata: ["by": "\(requester)", "error": "\(error)"])
        }
        return try result.get()
    }

    /// Checks every archive file (``JournalArchive/verify(store:)``), one check or run at a time.
    public func verify() async throws(ArchiveError) -> ArchiveVerification {
        let (archive, store) = (self.archive, self.store)
        let result: Result<ArchiveVerification, ArchiveError> = await withCheckedContinuation { done in
            runQueue.async { done.resume(returning: Result { () throws(ArchiveError) in try archive.verify(store: store) }) }
        }
        return try result.get()
    }

    /// Shutdown: a run under way stops after its current window (committed or not, nothing is lost); returns once
    /// no run or check uses the store any more, so the store may close.
    public func stop() async {
        stopping.store(true, ordering: .relaxed)
        await withCheckedContinuation { done in runQueue.async { done.resume() } }
    }

    /// Reads archived (and live) history off the cooperative pool.
    public func read<T: Sendable>(_ body: @escaping @Sendable (JournalHistory) throws(ArchiveError) -> T) async throws(ArchiveError) -> T {
        let history = self.history
        let result: Result<T, ArchiveError> = await withCheckedContinuation { done in
            readQueue.async { done.resume(returning: Result { () throws(ArchiveError) in try body(history) }) }
        }
        return try result.get()
    }
}

/// Runs the archive every `[archive] interval_s` while the daemon runs (a disabled archive only waits).
struct ArchiveService: Service {
    let archiver: StationArchiver

    func run() async throws {
        // Shutdown cancels the sleep; a run under way finishes on its own queue (its commit is one transaction).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(archiver.settings.intervalSeconds))
                guard !Task.isCancelled, archiver.settings.enabled else { continue }
                _ = try? await archiver.run(by: "timer")
            }
        }
    }
}
