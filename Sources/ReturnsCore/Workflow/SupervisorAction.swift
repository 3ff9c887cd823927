/// What a supervisor does from the supervisor socket; journaled like a scan, decided by the core.
public enum SupervisorAction: Hashable, Sendable {
    case cancelSession(id: String)
    case approveException(ExceptionApproval)
    case rejectException(id: Int64)

    /// The journal text, e.g. `APPROVE exception 12`.
    public var journalText: String {
        switch self {
        case .cancelSession(let id): "CANCEL session \(id)"
        case .approveException(let approval): "APPROVE exception \(approval.exceptionID)"
        case .rejectException(let id): "REJECT exception \(id)"
        }
    }
}

/// A rejected item a supervisor lets through: what the original scan said.
public struct ExceptionApproval: Hashable, Sendable {
    public var exceptionID: Int64
    public var sessionID: String?
    /// The order line the matcher pointed at; nil when the item is not on the order at all.
    public var line: Int?
    public var gtin: GTIN?
    public var serial: String?
    public var lot: String?
    public var expiry: String?
    public var quantity: Int
    /// The original scan's id: the approved item is counted under it.
    public var scanID: String
    /// The outcome the scan was refused with: the rule the approval sets aside (nil for the ledger's refusals,
    /// which are decided after the note closed and count nothing).
    public var rule: ScanOutcome?

    public init(exceptionID: Int64, sessionID: String?, line: Int?, gtin: GTIN?, serial: String?, lot: String?, expiry: String?,
                quantity: Int, scanID: String, rule: ScanOutcome?) {
        self.exceptionID = exceptionID
        self.sessionID = sessionID
        self.line = line
        self.gtin = gtin
        self.serial = serial
        self.lot = lot
        self.expiry = expiry
        self.quantity = quantity
        self.scanID = scanID
        self.rule = rule
    }
}

extension StationState {
    /// Decides a supervisor's action. Approving counts the item into its return when that return is
    /// still open and the item names an order line; otherwise the approval is recorded only (the
    /// goods are handled outside the note, and the ledger re-checks everything it receives).
    public mutating func apply(_ action: SupervisorAction, context: ScanContext, by supervisor: String) -> ScanDecision {
        switch action {
        case .cancelSession(let id):
            guard let lane = sessions.first(where: { $0.value.id == id })?.key else {
                return ScanDecision(outcome: .commandRefused, detail: "no open return has id \(id)")
            }
            var laneContext = context
            laneContext.lane = lane
            var decision = applyCommand(.cancel, context: laneContext)
            decision.detail += " by \(supervisor)"
            return decision
        case .rejectException(let id):
            if let refused = refuseSecondDecision(of: id, by: supervisor) { return refused }
            decidedExceptions.insert(id)
            return ScanDecision(outcome: .commandApplied, detail: "exception \(id) rejected by \(supervisor)",
                                effects: [.decideException(id: id, approved: false, by: supervisor)])
        case .approveException(let approval):
            if let refused = refuseSecondDecision(of: approval.exceptionID, by: supervisor) { return refused }
            decidedExceptions.insert(approval.exceptionID)
            var effects: [StateEffect] = [.decideException(id: approval.exceptionID, approved: true, by: supervisor)]
            // A serial that is already returned or in a return cannot go back twice, whoever approves it.
            let serialTaken = approval.serial.map { serial in
                sessions.values.contains { $0.countedItems.contains { $0.serial == serial } }
                    || orders.values.contains { $0.lines.contains { $0.serialsReturned.contains(serial) } }
            } ?? false
            guard !serialTaken, let sessionID = approval.sessionID, let line = approval.line, let gtin = approval.gtin,
                  let lane = sessions.first(where: { $0.value.id == sessionID })?.key,
                  let orderNumber = sessions[lane]?.orderNumber else {
                return ScanDecision(outcome: .commandApplied,
                                    detail: "exception \(approval.exceptionID) approved by \(supervisor); not counted in a note (return closed, item not on the order, or serial already returned)",
                                    sessionID: approval.sessionID, effects: effects)
            }
            let quantity = approval.serial == nil ? max(1, approval.quantity) : 1
            let item = SessionItem(scanID: approval.scanID, line: line, gtin: gtin, quantity: quantity, serial: approval.serial,
                                   lot: approval.lot, expiry: approval.expiry, inspection: sessions[lane]!.defaults,
                                   override: approval.rule.map {
                                       ExceptionOverride(rule: $0, approvedBy: supervisor, approvedAtMillis: context.wallMillis,
                                                         exceptionID: approval.exceptionID)
                                   })
            sessions[lane]!.items.append(item)
            addInFlight(item, orderNumber: orderNumber)
            effects.append(.saveItem(sessionID: sessionID, item))
            return ScanDecision(outcome: .commandApplied,
                                detail: "exception \(approval.exceptionID) approved by \(supervisor): \(quantity) × \(gtin) counted on line \(line)",
                                sessionID: sessionID, orderNumber: orderNumber, line: line, quantity: quantity, effects: effects)
        }
    }

    /// Exactly one decision per exception wins; the others are refused (the API answers 409).
    private func refuseSecondDecision(of id: Int64, by supervisor: String) -> ScanDecision? {
        guard decidedExceptions.contains(id) else { return nil }
        return ScanDecision(outcome: .commandRefused, detail: "exception \(id) was already decided; \(supervisor)'s decision is not applied")
    }
}
