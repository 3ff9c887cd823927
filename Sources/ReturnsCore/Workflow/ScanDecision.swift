/// What the station decided about one scan, and what the store must write so the decision survives.
public struct ScanDecision: Hashable, Sendable {
    public var outcome: ScanOutcome
    /// One sentence for the operator's display and the supervisor.
    public var detail: String
    public var sessionID: String?
    public var orderNumber: String?
    public var line: Int?
    /// Units this scan counted (0 unless accepted).
    public var quantity: Int
    /// Units the scan asked for (`QTY:n`, one for a serialised item), counted or not: what a supervisor's
    /// approval of a refused scan counts.
    public var requestedQuantity: Int
    public var effects: [StateEffect]

    public init(outcome: ScanOutcome, detail: String, sessionID: String? = nil, orderNumber: String? = nil,
                line: Int? = nil, quantity: Int = 0, requestedQuantity: Int? = nil, effects: [StateEffect] = []) {
        self.outcome = outcome
        self.detail = detail
        self.sessionID = sessionID
        self.orderNumber = orderNumber
        self.line = line
        self.quantity = quantity
        self.requestedQuantity = max(1, requestedQuantity ?? quantity)
        self.effects = effects
    }

    /// The feedback class, with a closed session taking precedence over a plain good read.
    public var feedback: FeedbackClass {
        effects.contains { if case .closeSession = $0 { true } else { false } } ? .sessionClosed : outcome.feedback
    }

    /// The note this scan closed, if it closed one.
    public var closedNote: ReturnNoteDraft? {
        for effect in effects { if case .closeSession(let note) = effect { return note } }
        return nil
    }
}

/// One change to durable state, applied by the store in the scan's transaction.
public enum StateEffect: Hashable, Sendable {
    /// A new session, or a changed header (operator, defaults, pending quantity); items are saved apart.
    case saveSession(LaneSession)
    case saveItem(sessionID: String, SessionItem)
    case closeSession(ReturnNoteDraft)
    case cancelSession(id: String)
    /// A lane's operator outside any session.
    case saveLaneOperator(lane: String, operatorID: String?)
    /// A supervisor approved or rejected an exception.
    case decideException(id: Int64, approved: Bool, by: String)
    /// A repeated RFID read: counted, never stored as a scan row of its own.
    case tallyDuplicateRead(device: String, epc: String)
}
