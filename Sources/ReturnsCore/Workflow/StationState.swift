/// The whole station's workflow as a value: every lane's open session, the orders they are for, and
/// the recent RFID reads. `apply` takes one classified scan and returns the decision plus the effects
/// the store must commit; it performs no I/O. The caller keeps a copy from before a batch and restores
/// it if the batch's transaction fails, so memory never runs ahead of the disk.
public struct StationState: Sendable {
    public var policy: WorkflowPolicy
    /// Open sessions by lane.
    public internal(set) var sessions: [String: LaneSession]
    /// Operators who scanned their badge on a lane, by lane.
    public internal(set) var laneOperators: [String: String]
    /// Orders of open (and just-closed) sessions, with this station's closed returns counted in.
    public internal(set) var orders: [String: SalesOrder]
    private var lastEPCRead: [String: UInt64] = [:]
    /// Exceptions a supervisor approved or rejected since this state was built. Decisions queue in the
    /// pipeline before any is committed, so the store's status alone cannot stop a second decision of the
    /// same exception (two supervisors, a double click); this set does. After a restart the store's
    /// status does, since everything decided before it is committed.
    var decidedExceptions: Set<Int64> = []
    /// What open sessions hold of each order, kept as items come and go: matching reads it on every
    /// item scan, and summing the sessions each time would cost a scan per item already counted.
    private var inFlight: [String: OrderMatcher.InFlight]

    public init(policy: WorkflowPolicy = .standard, openSessions: [LaneSession] = [], orders: [SalesOrder] = [],
                laneOperators: [String: String] = [:]) {
        self.policy = policy
        self.sessions = Dictionary(openSessions.map { ($0.lane, $0) }, uniquingKeysWith: { a, _ in a })
        self.orders = Dictionary(orders.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        self.laneOperators = laneOperators
        self.inFlight = StationState.inFlightTotals(of: self.sessions.values)
    }

    /// What the caller must look up before `apply` can decide this scan, if anything.
    public func lookupNeeded(for meaning: ScanMeaning, lane: String) -> OrderLookupKey? {
        switch meaning {
        case .order(let number) where orders[number] == nil && sessions[lane] == nil: .order(number)
        case .rma(let number) where sessions[lane] == nil: .rma(number)
        default: nil
        }
    }

    /// Forgets orders no open session needs; call only when everything decided so far is committed.
    public mutating func evictIdleOrders() {
        let needed = Set(sessions.values.map(\.orderNumber))
        orders = orders.filter { needed.contains($0.key) }
        let horizon = policy.epcDeduplicationWindowNanos
        if lastEPCRead.count > 4096, let newest = lastEPCRead.values.max() {
            lastEPCRead = lastEPCRead.filter { newest &- $0.value <= horizon }
        }
    }

    /// Decides one scan. `lookedUp` is the answer to `lookupNeeded` (nil: not found).
    /// For an RMA scan, `grant` is the RMA as the station knows it (`lookedUp` its order).
    public mutating func apply(_ meaning: ScanMeaning, context: ScanContext, lookedUp: SalesOrder? = nil,
                               grant: RMAGrant? = nil) -> ScanDecision {
        switch meaning {
        case .unreadable(let error):
            return ScanDecision(outcome: .unreadable, detail: error.message, sessionID: sessions[context.lane]?.id)
        case .order(let number):
            return openSession(orderNumber: number, rma: nil, context: context, lookedUp: lookedUp ?? orders[number])
        case .rma(let number):
            // Only an open RMA that has not expired opens a return; the ledger re-checks at delivery.
            guard let grant, grant.status == "open", grant.expiresAtMillis > context.wallMillis else {
                return openSession(orderNumber: nil, rma: number, context: context, lookedUp: nil)
            }
            return openSession(orderNumber: lookedUp?.number, rma: number, context: context, lookedUp: lookedUp,
                               authorisation: grant.remainingByLine)
        case .command(let command):
            return applyCommand(command, context: context)
        case .supervisor(let action, let supervisor):
            return apply(action, context: context, by: supervisor)
        case .item(let item):
            return matchItem(item, context: context)
        }
    }

    // MARK: Sessions

    private mutating func openSession(orderNumber: String?, rma: String?, context: ScanContext, lookedUp: SalesOrder?,
                                      authorisation: [Int: Int]? = nil) -> ScanDecision {
        let label = rma ?? orderNumber ?? "?"
        if let open = sessions[context.lane] {
            if open.orderNumber == orderNumber || (rma != nil && open.rmaNumber == rma) {
                return ScanDecision(outcome: .sessionOpened, detail: "return for \(label) is already open; continue scanning items",
                                    sessionID: open.id, orderNumber: open.orderNumber)
            }
            return ScanDecision(outcome: .commandRefused,
                                detail: "return for \(open.orderNumber) is still open on this lane: scan CLOSE or CANCEL first",
                                sessionID: open.id, orderNumber: open.orderNumber)
        }
        guard let order = lookedUp else {
            let what = rma == nil ? "order" : "RMA"
            return ScanDecision(outcome: .orderNotFound, detail: "\(what) \(label) is not known at this station", orderNumber: orderNumber)
        }
        orders[order.number] = orders[order.number] ?? order
        let session = LaneSession(
            id: context.scanID, lane: context.lane, orderNumber: order.number, rmaNumber: rma,
            operatorID: laneOperators[context.lane], openedAtMillis: context.wallMillis, defaults: policy.defaultInspection,
            authorised: rma == nil ? nil : authorisation ?? [:]
        )
        sessions[context.lane] = session
        let by = rma.map { " by \($0), authorising \((authorisation ?? [:]).values.reduce(0, +)) units" } ?? ""
        return ScanDecision(outcome: .sessionOpened, detail: "return opened for \(order.number)\(by) (\(order.customer), \(order.lines.count) lines)",
                            sessionID: session.id, orderNumber: order.number, effects: [.saveSession(session)])
    }

    // MARK: Items

    private mutating func matchItem(_ item: DecodedItem, context: ScanContext) -> ScanDecision {
        // Repeats are only recognised within a return: reads before the order scan are `noSession`, and
        // the tag's first read after it must count, however long it has been lying on the antenna.
        if let epc = item.epc, sessions[context.lane] != nil {
            let key = epc.uri
            if let last = lastEPCRead[key], context.monotonicNanos &- last <= policy.epcDeduplicationWindowNanos {
                // Sliding window: a tag that stays in the field stays one read.
                lastEPCRead[key] = context.monotonicNanos
                return ScanDecision(outcome: .duplicateRead, detail: "\(key) read again within the de-duplication window",
                                    sessionID: sessions[context.lane]?.id, orderNumber: sessions[context.lane]?.orderNumber,
                                    effects: [.tallyDuplicateRead(device: context.device, epc: key)])
            }
            lastEPCRead[key] = context.monotonicNanos
        }
        // Only the session's header fields are read out: holding a copy of the session would make the
        // in-place append below copy every item counted so far.
        guard let sessionID = sessions[context.lane]?.id, let orderNumber = sessions[context.lane]?.orderNumber,
              let defaults = sessions[context.lane]?.defaults else {
            return ScanDecision(outcome: .noSession, detail: "scan an order or RMA before the items")
        }
        guard let order = orders[orderNumber] else {
            return ScanDecision(outcome: .orderNotFound, detail: "order \(orderNumber) is not loaded", sessionID: sessionID)
        }
        var effects: [StateEffect] = []
        let pending = sessions[context.lane]?.pendingQuantity
        let requested = pending ?? 1
        if pending != nil {
            sessions[context.lane]!.pendingQuantity = nil
            effects.append(.saveSession(sessions[context.lane]!.header))
        }
        var rmaLimit: OrderMatcher.Authorisation?
        if let authorised = sessions[context.lane]?.authorised, let rma = sessions[context.lane]?.rmaNumber {
            var counted: [Int: Int] = [:]
            for item in sessions[context.lane]!.items where !item.undone { counted[item.line, default: 0] += item.quantity }
            rmaLimit = OrderMatcher.Authorisation(rma: rma, remainingByLine: authorised, countedByLine: counted)
        }
        var result = OrderMatcher.match(item, quantity: requested, order: order, inFlight: inFlight[order.number] ?? .init(),
                                        today: context.today, authorisation: rmaLimit)
        if result.outcome == .accepted {
            if requested > 1 && result.quantity == 1 { result.detail += " (QTY ignored: a serialised item counts one)" }
            let counted = SessionItem(
                scanID: context.scanID, line: result.line!, gtin: item.gtin!, quantity: result.quantity,
                serial: item.serial, lot: item.lot, expiry: item.expiry?.iso, inspection: defaults
            )
            // Appended in place: a tote of hundreds of tags must not copy the item list per tag.
            sessions[context.lane]!.items.append(counted)
            addInFlight(counted, orderNumber: order.number)
            effects.append(.saveItem(sessionID: sessionID, counted))
        }
        return ScanDecision(outcome: result.outcome, detail: result.detail, sessionID: sessionID, orderNumber: order.number,
                            line: result.line, quantity: result.quantity, requestedQuantity: result.requested, effects: effects)
    }

    /// Ends a lane's session; its counted items leave the in-flight totals.
    mutating func removeSession(lane: String) {
        guard let session = sessions.removeValue(forKey: lane) else { return }
        for item in session.countedItems { releaseInFlight(item, orderNumber: session.orderNumber) }
    }

    mutating func addInFlight(_ item: SessionItem, orderNumber: String) { inFlight[orderNumber, default: .init()].add(item) }

    /// An item was undone: its units are free again.
    /// An order nothing holds any more leaves the totals: the pipeline copies the state before every batch, and a
    /// totals table of every order ever returned made each batch copy all of it (the scan latency grew by about
    /// 1.4 ms per simulated month of a busy dock until the daemon restarted).
    mutating func releaseInFlight(_ item: SessionItem, orderNumber: String) {
        inFlight[orderNumber]?.remove(item)
        if inFlight[orderNumber]?.isEmpty == true { inFlight[orderNumber] = nil }
    }

    /// Orders with units or serials held by open returns (for tests of the bound).
    var inFlightOrderCount: Int { inFlight.count }
    mutating func laneOperatorsSet(_ lane: String, _ id: String) { laneOperators[lane] = id }

    /// Counts a closed return into the cached order, so the next return of it sees what this one took.
    mutating func recordReturned(_ items: [SessionItem], in orderNumber: String) {
        guard var order = orders[orderNumber] else { return }
        for item in items {
            guard let index = order.lines.firstIndex(where: { $0.line == item.line }) else { continue }
            order.lines[index].quantityReturned += item.quantity
            if let serial = item.serial, order.lines[index].isSerialTracked { order.lines[index].serialsReturned.insert(serial) }
        }
        orders[orderNumber] = order
    }

    /// Units and serials of each order held by open sessions on every lane.
    static func inFlightTotals(of sessions: some Sequence<LaneSession>) -> [String: OrderMatcher.InFlight] {
        var totals: [String: OrderMatcher.InFlight] = [:]
        for session in sessions {
            for item in session.countedItems { totals[session.orderNumber, default: .init()].add(item) }
        }
        return totals
    }
}

/// A lookup the caller performs before `apply`: an order by number, or the order an RMA authorises.
public enum OrderLookupKey: Hashable, Sendable {
    case order(String)
    case rma(String)
}

/// An RMA as the station knows it: whether it still holds, and what it authorises per order line.
public struct RMAGrant: Hashable, Sendable {
    public var status: String
    public var expiresAtMillis: Int64
    public var remainingByLine: [Int: Int]

    public init(status: String, expiresAtMillis: Int64, remainingByLine: [Int: Int]) {
        self.status = status
        self.expiresAtMillis = expiresAtMillis
        self.remainingByLine = remainingByLine
    }
}
