import Foundation
import LedgerProtocol
import Logging
import ReturnsCore
import ServiceLifecycle
import StationStore
import Synchronization

/// Delivers return notes to the ledger and keeps local orders fresh, never in the scan path.
///
/// Notes go in outbox order (the order they were closed, so in order per session), at least once: the
/// note's UUID makes a repeat harmless. A transient failure (ledger down) stops the pass and backs off
/// with jitter; a token the ledger refuses (401, 403) pauses delivery the same way and the token file is
/// read again before the next attempt; a refusal of the note itself (400, 409, 413, 422) parks that note
/// for the supervisor and the queue goes on. Parked notes are tried again at start, at a reload and on
/// `returnsctl sync retry`.
public final class SyncService: Service, Sendable {
    let runtime: StationRuntime
    let client: LedgerClient
    let settings: LedgerConfigurationValues
    /// Reads the token file again (after a 401/403, and at a reload); nil keeps the token it started with.
    let tokenReader: (@Sendable () throws -> String)?
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let schedule = Mutex(RetrySchedule())

    public struct LedgerConfigurationValues: Sendable {
        public var lookupTimeout: Duration
        public var prefetchInterval: Duration
        /// How often retries and notes waiting for their order are looked at when nothing wakes the engine.
        public var tickInterval: Duration
        public init(lookupTimeout: Duration, prefetchInterval: Duration, tickInterval: Duration = .seconds(1)) {
            self.lookupTimeout = lookupTimeout
            self.prefetchInterval = prefetchInterval
            self.tickInterval = tickInterval
        }
    }

    public init(runtime: StationRuntime, client: LedgerClient, settings: LedgerConfigurationValues,
                tokenReader: (@Sendable () throws -> String)? = nil) {
        self.runtime = runtime
        self.client = client
        self.settings = settings
        self.tokenReader = tokenReader
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        // A closed note (or a supervisor's retry) goes at once rather than at the next tick.
        runtime.syncWakeup.install(noteClosed: { [weak self] in self?.noteClosed() }, retryNow: { [weak self] in self?.retryNow() })
    }

    /// A note was closed: deliver it now rather than at the next tick.
    public func noteClosed() { wake.yield() }

    /// A supervisor's `sync retry`: forget the backoff and go now.
    public func retryNow() {
        schedule.withLock { $0.succeeded() }
        wake.yield()
    }

    /// SIGHUP: the token file is read again and every parked note is tried again.
    public func reload() async {
        reloadToken(reason: "reload")
        await unpark(reason: "reload")
        retryNow()
    }

    private func reloadToken(reason: String) {
        guard let tokenReader else { return }
        do {
            if client.replaceToken(try tokenReader()) {
                runtime.logger.notice("ledger token read again from its file", metadata: ["reason": "\(reason)"])
            }
        } catch {
            runtime.logger.error("cannot read the ledger token file", metadata: ["error": "\(error)"])
        }
    }

    private func unpark(reason: String) async {
        do {
            let count = try await runtime.store.unparkOutbox(noteNumber: nil)
            if count > 0 { runtime.logger.notice("parked notes will be sent again", metadata: ["notes": "\(count)", "reason": "\(reason)"]) }
        } catch {
            runtime.logger.error("cannot reset parked notes", metadata: ["error": "\(error)"])
        }
    }

    public func run() async throws {
        await unpark(reason: "start")
        // Shutdown cancels the loops; a note being sent then is sent again next time (its UUID makes that safe).
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.deliverLoop() }
                group.addTask { await self.prefetchLoop() }
                group.addTask {
                    // A tick, so retries and notes waiting for their order are looked at without a new note.
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.settings.tickInterval)
                        self.wake.yield()
                    }
                }
            }
        }
        await client.shutdown()
    }

    // MARK: Delivery

    private func deliverLoop() async {
        wake.yield()  // deliver what waited while the station was down or offline
        for await _ in wakes {
            await deliverDue()
        }
    }

    /// One pass over the outbox, unless the backoff says not yet.
    func deliverDue() async {
        let now = runtime.clock.wallMillis()
        guard schedule.withLock({ $0.mayAttempt(at: now) }) else { return }
        let pending: [OutboxEntry]
        do { pending = try await runtime.store.pendingOutbox() } catch {
            runtime.logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return
        }
        for entry in pending where !entry.failedPermanently && (entry.nextAttemptAtMillis ?? 0) <= now {
            if await deliver(entry) == .stop { return }
        }
    }

    enum Delivery { case delivered, skipped, stop }

    private func deliver(_ entry: OutboxEntry) async -> Delivery {
        let store = runtime.store
        let now = runtime.clock.wallMillis()
        do {
            guard let stored = try await store.note(id: entry.noteID),
                  let submission = ReturnNoteSubmission(draft: stored.note, station: runtime.configuration.stationID, noteNumber: stored.number,
                                                        closedOn: runtime.clock.today(stored.note.closedAtMillis)) else {
                try await store.recordDeliveryFailure(noteID: entry.noteID, error: "the stored note cannot be expressed for the ledger", retryAtMillis: nil, permanent: true)
                return .skipped
            }
            let result = try await client.submit(submission)
            try await store.recordDelivery(noteID: entry.noteID, verdict: LedgerVerdict(result), atMillis: runtime.clock.wallMillis())
            schedule.withLock { $0.succeeded() }
            runtime.sync.attempted(atMillis: now, error: nil)
            runtime.events.publish(StationEvent(type: "noteDelivered", detail: "\(result.status.rawValue); credit note \(result.creditNote?.number ?? "none")",
                                                order: stored.note.orderNumber, note: stored.number, atMillis: now))
            if !result.refusedLines.isEmpty {
                runtime.logger.warning("the ledger refused lines of a note", metadata: ["note": "\(stored.number)", "refused": "\(result.refusedLines.count)"])
            }
            return .delivered
        } catch let error as LedgerCallError {
            let message = error.description
            let kind: SyncStatusBoard.FailureKind = switch error {
            case .transient: .unreachable
            case .unauthorised: .tokenRefused
            case .notYet, .permanent: .noteRefused
            }
            runtime.sync.attempted(atMillis: now, error: message, kind: kind)
            switch error {
            case .transient, .unauthorised:
                // The ledger or the token, not the note: the whole queue waits out the shared backoff (no retry time
                // per note, so the notes stay in order); a refused token is read again from its file first.
                let retryAt = schedule.withLock { s in s.failed(at: now, jitter: Double.random(in: 0..<1)); return s.notBeforeMillis }
                try? await store.recordDeliveryFailure(noteID: entry.noteID, error: message, retryAtMillis: nil, permanent: false)
                let metadata: Logger.Metadata = ["error": "\(message)", "retryAt": "\(retryAt)"]
                if kind == .tokenRefused {
                    runtime.logger.error("the ledger refuses this station's token; notes stay in the outbox", metadata: metadata)
                    reloadToken(reason: "refused token")
                } else {
                    runtime.logger.warning("ledger unreachable; notes stay in the outbox", metadata: metadata)
                }
                return .stop
            case .notYet:
                try? await store.recordDeliveryFailure(noteID: entry.noteID, error: message, retryAtMillis: now + 60_000, permanent: false)
                return .skipped
            case .permanent:
                try? await store.recordDeliveryFailure(noteID: entry.noteID, error: message, retryAtMillis: nil, permanent: true)
                runtime.logger.error("the ledger refused a note; a supervisor must look", metadata: ["note": "\(entry.noteNumber)", "error": "\(message)"])
                return .skipped
            }
        } catch {
            runtime.logger.error("cannot record a delivery", metadata: ["note": "\(entry.noteNumber)", "error": "\(error)"])
            return .stop
        }
    }

    // MARK: Orders

    private func prefetchLoop() async {
        while !Task.isCancelled {
            await prefetch()
            try? await Task.sleep(for: settings.prefetchInterval)
        }
    }

    /// Pulls the refund policy, then every order changed since the last cursor.
    func prefetch() async {
        await adoptRefundPolicy()
        do {
            var cursor = try runtime.store.orderFeedCursor()
            while true {
                let page = try await client.orderFeed(after: cursor, limit: 500)
                try await store(page.orders, skippingBadOrders: true)
                cursor = page.nextCursor
                try runtime.store.setOrderFeedCursor(cursor)
                if !page.hasMore { break }
            }
            runtime.sync.tokenAccepted()
        } catch {
            noteRefusedToken(error)
            runtime.logger.debug("order feed not fetched", metadata: ["error": "\(error)"])
        }
    }
}

extension SyncService {
    /// Prices notes by the ledger's refund policy from now on, and keeps it for restarts without the ledger.
    func adoptRefundPolicy() async {
        do {
            let served = try await client.refundPolicy()
            guard let policy = served.policy else {
                runtime.logger.error("the ledger's refund policy does not parse; notes keep the policy in force",
                                     metadata: ["id": "\(served.id)", "policy": "\(served.canonical)"])
                return
            }
            guard await runtime.pipeline.refundPolicy != policy else { return }
            try await runtime.store.setLedgerRefundPolicy(policy)
            await runtime.pipeline.adoptLedgerRefundPolicy(policy)
            runtime.logger.notice("refund policy from the ledger in force", metadata: ["id": "\(policy.id)", "policy": "\(policy.canonicalText)"])
        } catch {
            noteRefusedToken(error)
            runtime.logger.debug("refund policy not fetched; notes keep the policy in force", metadata: ["error": "\(error)"])
        }
    }
}

extension SyncService: OrderSource {
    public func refresh(order number: String) async {
        do {
            guard let dto = try await withTimeout(settings.lookupTimeout, { try await self.client.order(number, timeout: self.settings.lookupTimeout) }) else { return }
            try await store([dto])
        } catch {
            noteRefusedToken(error)
            runtime.logger.info("order looked up locally: the ledger did not give it", metadata: ["order": "\(number)", "error": "\(error)"])
        }
    }

    public func refresh(rma number: String) async {
        do {
            guard let dto = try await withTimeout(settings.lookupTimeout, { try await self.client.rma(number, timeout: self.settings.lookupTimeout) }) else { return }
            let (order, othersOnly) = try dto.order.salesOrderAsGiven()
            let remaining = Dictionary(dto.lines.map { ($0.orderLine, $0.quantityRemaining) }, uniquingKeysWith: +)
            try await runtime.store.saveRMA(StoredRMA(number: dto.number, orderNumber: dto.orderNumber, status: dto.status.rawValue,
                                                expiresAtMillis: dto.expiresAtMillis, remainingByLine: remaining),
                                      order: order, othersOnly: othersOnly, atMillis: runtime.clock.wallMillis())
        } catch {
            noteRefusedToken(error)
            runtime.logger.info("RMA looked up locally: the ledger did not give it", metadata: ["rma": "\(number)", "error": "\(error)"])
        }
    }

    /// Stores orders as the ledger gave them (`salesOrderAsGiven`). An order the station cannot take (beyond
    /// `OrderLimits`, a GTIN that does not parse) throws when it was asked for alone; in a feed page it is left
    /// out and logged, so one bad order cannot stop the feed and every order after it.
    private func store(_ dtos: [OrderDTO], skippingBadOrders: Bool = false) async throws {
        var given: [(order: SalesOrder, othersOnly: Bool)] = []
        for dto in dtos {
            do { given.append(try dto.salesOrderAsGiven()) } catch {
                guard skippingBadOrders else { throw error }
                runtime.logger.error("order from the ledger left out: the station cannot take it",
                                     metadata: ["order": "\(dto.number)", "error": "\(error)"])
            }
        }
        for othersOnly in [true, false] {
            let orders = given.filter { $0.othersOnly == othersOnly }.map(\.order)
            if !orders.isEmpty { try await runtime.store.storeLedgerOrders(orders, othersOnly: othersOnly, atMillis: runtime.clock.wallMillis()) }
        }
    }

    /// A lookup or the feed was refused for the token: the token file may hold a new one by now.
    private func noteRefusedToken(_ error: any Error) {
        guard case LedgerCallError.unauthorised = error else { return }
        runtime.sync.attempted(atMillis: runtime.clock.wallMillis(), error: "\(error)", kind: .tokenRefused)
        reloadToken(reason: "refused token")
    }

    /// Runs `body`, giving up after `limit` (the operator is waiting at the dock).
    private func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw LedgerCallError.transient("no answer within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

extension LedgerVerdict {
    init(_ result: ReturnNoteResult) {
        var accepted: [Int: Int] = [:]
        for line in result.acceptedLines { accepted[line.index, default: 0] += line.quantity }
        self.init(status: result.status.rawValue, creditNote: result.creditNote?.number, acceptedByPosition: accepted,
                  refusals: result.refusedLines.map {
                      LedgerVerdict.Refusal(position: $0.index, orderLine: $0.orderLine, quantity: $0.quantity,
                                            reason: $0.reason.rawValue, message: $0.message)
                  })
    }
}
