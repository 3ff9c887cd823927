import Foundation
import ReturnsCore
import StationStore

/// Decides scans in arrival order and commits them in groups.
///
/// Scans that arrive while a transaction is being written wait together and go into the next one
/// (group commit): a burst costs one disk flush. Each `submit` returns only after the transaction
/// holding its scan has committed; if that transaction fails, every scan in it gets the error and
/// the in-memory state is put back to what the disk holds.
public actor ScanPipeline {
    public let store: StationStore
    public private(set) var classifier: ScanClassifier
    public private(set) var lanes: LaneMap
    private let clock: StationClock
    private var state: StationState
    /// Callers waiting for their scans to be committed; each gets all its receipts or one error.
    private var waiting: [Waiter] = []
    private struct Waiter {
        var inputs: [ScanInput]
        var continuation: CheckedContinuation<[ScanReceipt], any Error>
        /// The caller decides each scan again alone if this fails (`submitInOrder`), so a failure of it alone is not
        /// yet a scan lost: it is reported only when a scan fails on its own.
        var callerRetriesAlone = false
    }
    private var writing = false
    /// When the transaction being written now started (monotonic), for the watchdog's heartbeat.
    private var writeStartedNanos: UInt64?
    /// After a failed group commit, the waiters it held are retried one per transaction, so one bad
    /// entry fails only its own scans.
    private var soloRetries = 0
    private let observers: PipelineObservers
    /// Refreshes the local copy of an order or RMA from the ledger before an order scan is decided.
    private var orderSource: (any OrderSource)?
    /// The refund policy the ledger served; it outlives reloads of the configuration.
    private var ledgerRefundPolicy: RefundPolicy?
    /// Open sessions and the refund policy as of the last change, for readers that must not wait for the actor.
    public nonisolated let published: PipelineSnapshotBoard

    /// Opens the pipeline on a store, resuming every open session the store holds. With `ledgerRefundPolicy`
    /// notes are priced by it instead of `policy.refund`.
    public init(store: StationStore, policy: WorkflowPolicy = .standard, classifier: ScanClassifier = ScanClassifier(),
                lanes: LaneMap = LaneMap(), clock: StationClock = .system, observers: PipelineObservers = PipelineObservers(),
                ledgerRefundPolicy: RefundPolicy? = nil) throws(StoreError) {
        self.store = store
        self.classifier = classifier
        self.lanes = lanes
        self.clock = clock
        self.observers = observers
        let restored = try store.restoreOpenState()
        var policy = policy
        if let ledgerRefundPolicy { policy.refund = ledgerRefundPolicy }
        self.ledgerRefundPolicy = ledgerRefundPolicy
        self.state = StationState(policy: policy, openSessions: restored.sessions, orders: restored.orders,
                                  laneOperators: restored.laneOperators)
        published = PipelineSnapshotBoard(Self.snapshot(of: state))
    }

    private static func snapshot(of state: StationState) -> PipelineSnapshot {
        PipelineSnapshot(openSessions: state.sessions.values.sorted { $0.lane < $1.lane }.map(SupervisorViews.SessionSummary.init),
                         refundPolicy: state.policy.refund)
    }

    /// Called after every change to the sessions that is final (committed or rolled back).
    private func publish() { published.publish(Self.snapshot(of: state)) }

    /// Decides, stores and acknowledges one scan. Throws `PipelineError` when it could not be stored.
    public func submit(_ input: ScanInput) async throws -> ScanReceipt {
        await refreshFromLedger(ifOrderScan: input)
        return try await submit(contentsOf: [input])[0]
    }

    /// Scans one device delivered in a row (a lane's backlog after a stall, a capture replayed), decided in
    /// order and stored in as few transactions as the ledger allows. An order or RMA scan first asks the ledger
    /// for its order, so it starts a new group once the scans before it are stored; a group whose transaction
    /// fails is retried scan by scan, so a bad entry costs only its own scan. Each result is that scan's receipt
    /// or why it was not stored (and so must not be acknowledged).
    public func submitInOrder(_ inputs: [ScanInput]) async -> [Result<ScanReceipt, any Error>] {
        var results: [Result<ScanReceipt, any Error>] = []
        var group: [ScanInput] = []
        for input in inputs {
            let reference = orderSource == nil ? nil : orderScanReference(input)
            if group.count == ScanPipeline.largestLaneGroup || reference != nil {
                await store(group, appendingTo: &results)
                group = []
            }
            if let reference { await refresh(reference) }
            group.append(input)
        }
        await store(group, appendingTo: &results)
        return results
    }

    /// The most scans of one lane's backlog in one transaction: beyond this a flush costs nothing per scan worth
    /// saving, while the group's memory and the first scan's wait for its acknowledgement keep growing.
    public static let largestLaneGroup = 256

    private func store(_ group: [ScanInput], appendingTo results: inout [Result<ScanReceipt, any Error>]) async {
        guard !group.isEmpty else { return }
        do {
            results += try await submit(contentsOf: group, callerRetriesAlone: group.count > 1).map { .success($0) }
        } catch {
            guard group.count > 1 else { return results.append(.failure(error)) }
            // The failed transaction left nothing behind (memory was put back): decide each scan again alone.
            for input in group {
                do { results.append(.success(try await submit(contentsOf: [input])[0])) } catch { results.append(.failure(error)) }
            }
        }
    }

    private enum OrderReference { case order(String), rma(String) }

    private func orderScanReference(_ input: ScanInput) -> OrderReference? {
        guard input.supervisorCommand == nil else { return nil }
        switch classifier.classify(input.text, symbologyHint: input.symbologyHint, fromRFID: input.fromRFID) {
        case .order(let number): return .order(number)
        case .rma(let number): return .rma(number)
        default: return nil
        }
    }

    /// An order or RMA scan first asks the ledger (briefly) for the freshest copy. Only the scanning lane
    /// waits for that: the actor serves other submissions meanwhile.
    private func refreshFromLedger(ifOrderScan input: ScanInput) async {
        if orderSource != nil, let reference = orderScanReference(input) { await refresh(reference) }
    }

    private func refresh(_ reference: OrderReference) async {
        guard let orderSource else { return }
        switch reference {
        case .order(let number): await orderSource.refresh(order: number)
        case .rma(let number): await orderSource.refresh(rma: number)
        }
    }

    /// Sets where order scans look orders up first (the ledger's sync engine).
    public func setOrderSource(_ source: (any OrderSource)?) { orderSource = source }

    /// Decides and stores several scans that arrived together (an RFID bulk read) in one transaction
    /// with whatever else is waiting; returns their receipts in order.
    public func submit(contentsOf inputs: [ScanInput]) async throws -> [ScanReceipt] {
        try await submit(contentsOf: inputs, callerRetriesAlone: false)
    }

    private func submit(contentsOf inputs: [ScanInput], callerRetriesAlone: Bool) async throws -> [ScanReceipt] {
        guard !inputs.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(inputs: inputs, continuation: continuation, callerRetriesAlone: callerRetriesAlone))
            if !writing {
                writing = true
                // One writer at a time; it lives only while scans are waiting, and every scan it takes
                // is answered (receipt or error) before it ends.
                Task { await self.writeWaiting() }
            }
        }
    }

    /// Carries out a supervisor's action through the same decide-and-commit path as scans.
    public func perform(_ action: SupervisorAction, by supervisor: String) async throws -> ScanReceipt {
        var input = ScanInput(device: "supervisor", bytes: Array(action.journalText.utf8), monotonicNanos: clock.monotonicNanos(),
                              wallMillis: clock.wallMillis())
        input.supervisorCommand = SupervisorCommand(action: action, by: supervisor)
        return try await submit(input)
    }

    /// Takes new scanning rules (a reload); open sessions and everything decided so far stay, and so does the
    /// ledger's refund policy (a reload re-reads the file, the ledger still decides the money).
    public func reconfigure(classifier: ScanClassifier, lanes: LaneMap, policy: WorkflowPolicy) {
        self.classifier = classifier
        self.lanes = lanes
        state.policy = policy
        if let ledgerRefundPolicy { state.policy.refund = ledgerRefundPolicy }
        // Only the policy: this can run while a batch is suspended in its commit, its sessions not yet on disk.
        published.publish(refundPolicy: state.policy.refund)
    }

    /// Prices the notes that close from now on by the policy the ledger served.
    public func adoptLedgerRefundPolicy(_ policy: RefundPolicy) {
        ledgerRefundPolicy = policy
        state.policy.refund = policy
        published.publish(refundPolicy: policy)
    }

    /// The policy notes are priced by now.
    public var refundPolicy: RefundPolicy { state.policy.refund }

    /// Proves the pipeline and its store answer: the watchdog pings only after this returns.
    /// A transaction that has not come back within this long counts as a hung pipeline.
    public static let stuckWriteNanos: UInt64 = 20_000_000_000

    public func heartbeat() throws -> Int {
        if let started = writeStartedNanos, clock.monotonicNanos() &- started > ScanPipeline.stuckWriteNanos {
            throw PipelineError(store: StoreError(.sqlite, "a transaction has not returned for \((clock.monotonicNanos() &- started) / 1_000_000_000) s"))
        }
        do { return try store.outboxDepth() } catch { throw PipelineError(store: error) }
    }

    /// Open sessions by lane, as decided so far (including a batch being written: readers outside the actor use
    /// `published`, which shows only what is committed).
    public var openSessions: [LaneSession] { state.sessions.values.sorted { $0.lane < $1.lane } }

    /// Writes batches until nobody waits. Runs while `writing` is true; only one at a time.
    private func writeWaiting() async {
        while !waiting.isEmpty {
            let waiters: [Waiter]
            if soloRetries > 0 {
                soloRetries -= 1
                waiters = [waiting.removeFirst()]
            } else {
                waiters = waiting
                waiting = []
            }
            let batch = waiters.flatMap(\.inputs)
            let before = state
            var entries: [JournalEntry] = []
            var meanings: [ScanMeaning] = []
            var lanesOfBatch: [String] = []
            do {
                for input in batch {
                    let lane = lanes.lane(of: input.device)
                    let meaning = input.supervisorCommand.map { ScanMeaning.supervisor($0.action, by: $0.by) }
                        ?? classifier.classify(input.text, symbologyHint: input.symbologyHint, fromRFID: input.fromRFID)
                    var lookedUp: SalesOrder?
                    var grant: RMAGrant?
                    switch state.lookupNeeded(for: meaning, lane: lane) {
                    case .order(let number):
                        lookedUp = try await store.orderAsync(number)
                    case .rma(let number):
                        if let rma = try await store.rmaAsync(number) {
                            lookedUp = try await store.orderAsync(rma.orderNumber)
                            grant = RMAGrant(status: rma.status, expiresAtMillis: rma.expiresAtMillis, remainingByLine: rma.remainingByLine)
                        }
                    case nil: break
                    }
                    let context = ScanContext(lane: lane, device: input.device, scanID: UUID().uuidString.lowercased(),
                                              wallMillis: input.wallMillis, monotonicNanos: input.monotonicNanos,
                                              today: clock.today(input.wallMillis))
                    let decision = state.apply(meaning, context: context, lookedUp: lookedUp, grant: grant)
                    entries.append(JournalEntry(context: context, raw: input.bytes, text: input.text, symbology: input.symbologyHint,
                                                meaning: meaning, decision: decision,
                                                operatorID: state.sessions[lane]?.operatorID ?? state.laneOperators[lane]))
                    meanings.append(meaning)
                    lanesOfBatch.append(lane)
                }
                writeStartedNanos = clock.monotonicNanos()
                defer { writeStartedNanos = nil }
                let committed = try await store.commitAsync(entries)
                state.evictIdleOrders()
                publish()
                var receipts: [ScanReceipt] = []
                for index in batch.indices {
                    let entry = entries[index]
                    var note: StoredReturnNote?
                    if let number = committed[index].noteNumber, let sequence = committed[index].noteSequence,
                       let draft = entry.decision.closedNote {
                        note = StoredReturnNote(number: number, sequence: sequence, note: draft, deliveredAtMillis: nil)
                    }
                    let receipt = ScanReceipt(input: batch[index], lane: lanesOfBatch[index], seq: committed[index].seq,
                                              scanID: entry.context.scanID, meaning: meanings[index], decision: entry.decision, note: note)
                    receipts.append(receipt)
                    observers.committed(receipt)
                }
                var offset = 0
                for waiter in waiters {
                    waiter.continuation.resume(returning: Array(receipts[offset..<offset + waiter.inputs.count]))
                    offset += waiter.inputs.count
                }
                observers.batchCommitted(batch.count)
            } catch {
                let policy = state.policy  // a reload during the failed write stays in force
                state = before
                state.policy = policy
                publish()
                let failure = PipelineError(store: error)
                if waiters.count > 1 {
                    // Someone's entry broke the transaction; decide and write each waiter alone.
                    waiting.insert(contentsOf: waiters, at: 0)
                    soloRetries += waiters.count
                    continue
                }
                for waiter in waiters { waiter.continuation.resume(throwing: failure) }
                if !waiters[0].callerRetriesAlone { observers.batchFailed(failure) }
            }
        }
        writing = false
    }
}

/// Hooks for what happens after a commit: live events, feedback, metrics. Called on the pipeline's
/// actor, so they must be quick and must not call back into the pipeline.
public struct PipelineObservers: Sendable {
    public var committed: @Sendable (ScanReceipt) -> Void
    public var batchCommitted: @Sendable (Int) -> Void
    public var batchFailed: @Sendable (PipelineError) -> Void

    public init(committed: @escaping @Sendable (ScanReceipt) -> Void = { _ in },
                batchCommitted: @escaping @Sendable (Int) -> Void = { _ in },
                batchFailed: @escaping @Sendable (PipelineError) -> Void = { _ in }) {
        self.committed = committed
        self.batchCommitted = batchCommitted
        self.batchFailed = batchFailed
    }
}

/// Something that can bring the local copy of an order or RMA up to date (the ledger), quickly or not at all.
public protocol OrderSource: Sendable {
    func refresh(order number: String) async
    func refresh(rma number: String) async
}
