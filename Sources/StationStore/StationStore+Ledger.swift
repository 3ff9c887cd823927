import GRDB
import ReturnsCore

/// What the ledger said about one delivered note.
public struct LedgerVerdict: Sendable {
    public struct Refusal: Sendable {
        public var position: Int
        public var orderLine: Int
        public var quantity: Int
        public var reason: String
        public var message: String
        public init(position: Int, orderLine: Int, quantity: Int, reason: String, message: String) {
            self.position = position
            self.orderLine = orderLine
            self.quantity = quantity
            self.reason = reason
            self.message = message
        }
    }

    /// `accepted`, `partiallyAccepted` or `refused`.
    public var status: String
    public var creditNote: String?
    /// Units accepted per note line (its position in the note).
    public var acceptedByPosition: [Int: Int]
    public var refusals: [Refusal]

    public init(status: String, creditNote: String?, acceptedByPosition: [Int: Int], refusals: [Refusal]) {
        self.status = status
        self.creditNote = creditNote
        self.acceptedByPosition = acceptedByPosition
        self.refusals = refusals
    }
}

/// An RMA as the station keeps it, to open returns while the ledger is away.
public struct StoredRMA: Sendable, Hashable {
    public var number: String
    public var orderNumber: String
    public var status: String
    public var expiresAtMillis: Int64
    public var remainingByLine: [Int: Int]
    public init(number: String, orderNumber: String, status: String, expiresAtMillis: Int64, remainingByLine: [Int: Int]) {
        self.number = number
        self.orderNumber = orderNumber
        self.status = status
        self.expiresAtMillis = expiresAtMillis
        self.remainingByLine = remainingByLine
    }
}

extension StationStore {
    /// Stores orders as the ledger reports them.
    ///
    /// `othersOnly`: the returned figures are what *other* stations returned, read by the ledger in one snapshot
    /// (`OrderLineDTO.quantityReturnedByOthers`); the station adds its own notes to them, so each unit counts once
    /// whether or not this station has recorded the ledger's verdict on its note yet. Otherwise (an older ledger)
    /// the figures include this station's delivered notes, which are taken out again; a note the ledger took but
    /// whose verdict is not recorded yet then counts twice until the next refresh (it can only refuse a unit).
    public func storeLedgerOrders(_ orders: [SalesOrder], othersOnly: Bool = false, atMillis now: Int64) async throws(StoreError) {
        // One transaction: what this station has delivered cannot change between reading it and writing
        // the orders (a delivery is recorded in its own transaction on the same single writer).
        try await writeAsync { db in
            var adjusted: [SalesOrder] = []
            for var order in orders {
                if !othersOnly {
                    let mine = try Dictionary(Row.fetchAll(db, sql: """
                        SELECT rl.order_line AS line, SUM(rl.accepted_quantity) AS accepted FROM return_lines rl
                        JOIN return_notes n ON n.id = rl.note_id WHERE n.order_number = ? AND rl.accepted_quantity IS NOT NULL
                        GROUP BY rl.order_line
                        """, arguments: [order.number]).map { ($0["line"] as Int, $0["accepted"] as Int) }, uniquingKeysWith: +)
                    for index in order.lines.indices {
                        order.lines[index].quantityReturned = max(0, order.lines[index].quantityReturned - (mine[order.lines[index].line] ?? 0))
                    }
                }
                adjusted.append(order)
            }
            try Self.writeOrders(adjusted, source: "ledger", now: now, db)
        }
    }

    /// Where the order feed continues from.
    public func orderFeedCursor() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'order_feed_cursor'") ?? 0 }
    }

    /// The refund policy the ledger last served, if it ever did (the station prices notes by it).
    public func ledgerRefundPolicy() throws(StoreError) -> RefundPolicy? {
        let text = try read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'ledger_refund_policy'") }
        guard let text else { return nil }
        guard let policy = RefundPolicy(canonicalText: text) else {
            throw StoreError(.corrupt, "the stored ledger refund policy '\(text)' does not parse")
        }
        return policy
    }

    public func setLedgerRefundPolicy(_ policy: RefundPolicy) async throws(StoreError) {
        try await writeAsync { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings(key, value) VALUES ('ledger_refund_policy', ?)",
                           arguments: [policy.canonicalText])
        }
    }

    public func setOrderFeedCursor(_ cursor: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings(key, value) VALUES ('order_feed_cursor', ?)", arguments: [String(cursor)])
        }
    }

    public func saveRMA(_ rma: StoredRMA, order: SalesOrder, othersOnly: Bool = false, atMillis now: Int64) async throws(StoreError) {
        try await storeLedgerOrders([order], othersOnly: othersOnly, atMillis: now)
        try await writeAsync { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO rmas(number, order_number, status, expires_at, remaining, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [rma.number, rma.orderNumber, rma.status, rma.expiresAtMillis,
                                 AuthorisationText.encode(rma.remainingByLine), now])
        }
    }

    public func rma(_ number: String) throws(StoreError) -> StoredRMA? {
        try read { db in try Self.fetchRMA(db, number) }
    }

    public func rmaAsync(_ number: String) async throws(StoreError) -> StoredRMA? {
        try await readAsync { db in try Self.fetchRMA(db, number) }
    }

    static func fetchRMA(_ db: Database, _ number: String) throws -> StoredRMA? {
        try Row.fetchOne(db, sql: "SELECT * FROM rmas WHERE number = ?", arguments: [number]).map {
            StoredRMA(number: $0["number"], orderNumber: $0["order_number"], status: $0["status"], expiresAtMillis: $0["expires_at"],
                      remainingByLine: AuthorisationText.decode($0["remaining"]))
        }
    }

    /// Records the ledger's verdict on a note in one transaction: accepted units per line, the credit
    /// note, the outbox entry done, and an exception per refused line for the supervisor.
    public func recordDelivery(noteID: String, verdict: LedgerVerdict, atMillis now: Int64) async throws(StoreError) {
        try await writeAsync { db in
            guard let closingSeq = try Int64.fetchOne(db, sql: "SELECT seq FROM scans WHERE id = ?", arguments: [noteID]),
                  let note = try Row.fetchOne(db, sql: "SELECT session_id, order_number, number FROM return_notes WHERE id = ?", arguments: [noteID]) else {
                throw StoreError(.notFound, "note \(noteID) or its closing scan is not in the store")
            }
            let positions = try Row.fetchAll(db, sql: "SELECT position, quantity FROM return_lines WHERE note_id = ?", arguments: [noteID])
            for row in positions {
                let position: Int = row["position"]
                try db.execute(sql: "UPDATE return_lines SET accepted_quantity = ? WHERE note_id = ? AND position = ?",
                               arguments: [verdict.acceptedByPosition[position] ?? 0, noteID, position])
            }
            try db.execute(sql: "UPDATE return_notes SET ledger_status = ?, credit_note = ? WHERE id = ?",
                           arguments: [verdict.status, verdict.creditNote, noteID])
            try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE note_id = ?",
                           arguments: [now, noteID])
            for refusal in verdict.refusals {
                try db.execute(sql: """
                    INSERT INTO exceptions(scan_seq, session_id, order_number, outcome, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [closingSeq, note["session_id"], note["order_number"], "ledger:\(refusal.reason)",
                                     "\(note["number"] as String) line \(refusal.orderLine): the ledger refused \(refusal.quantity): \(refusal.message)", now])
            }
        }
    }

    /// An attempt that did not deliver: transient ones are retried at `retryAtMillis`, permanent ones wait for a person.
    public func recordDeliveryFailure(noteID: String, error: String, retryAtMillis: Int64?, permanent: Bool) async throws(StoreError) {
        // A transient failure leaves `failed_permanently` alone: that column is one StoreGauges observes, so an
        // outage's retries recount nothing.
        try await writeAsync { db in
            if permanent {
                try db.execute(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, failed_permanently = 1 WHERE note_id = ?
                    """, arguments: [error, retryAtMillis, noteID])
            } else {
                try db.execute(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE note_id = ?
                    """, arguments: [error, retryAtMillis, noteID])
            }
        }
    }

    /// Notes the ledger refused that wait for a supervisor's retry.
    public func parkedNoteCount() async throws(StoreError) -> Int {
        try await readAsync { db in try Self.parkedNoteCount(db) }
    }

    static func parkedNoteCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE failed_permanently = 1 AND delivered_at IS NULL") ?? 0
    }

    /// Makes parked notes (refused by the ledger) due again: all of them, or the one numbered `noteNumber`.
    /// Returns how many were parked; throws `.notFound` for a note number that is not waiting in the outbox.
    @discardableResult
    public func unparkOutbox(noteNumber: String?) async throws(StoreError) -> Int {
        try await writeAsync { db in
            guard let noteNumber else {
                let parked = try Self.parkedNoteCount(db)
                // Every waiting note becomes due, so the queue goes in closing order from its head.
                try db.execute(sql: "UPDATE outbox SET failed_permanently = 0, next_attempt_at = NULL WHERE delivered_at IS NULL")
                return parked
            }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT o.id, o.failed_permanently FROM outbox o JOIN return_notes n ON n.id = o.note_id
                WHERE n.number = ? AND o.delivered_at IS NULL
                """, arguments: [noteNumber]) else {
                throw StoreError(.notFound, "note \(noteNumber) is not waiting for the ledger")
            }
            try db.execute(sql: "UPDATE outbox SET failed_permanently = 0, next_attempt_at = NULL WHERE id = ?", arguments: [row["id"] as Int64])
            return (row["failed_permanently"] as Bool) ? 1 : 0
        }
    }

    /// A stored note by id (the sync engine sends it as it was written).
    public func note(id: String) async throws(StoreError) -> StoredReturnNote? {
        try await readAsync { db in
            try Row.fetchOne(db, sql: """
                SELECT n.*, o.delivered_at FROM return_notes n LEFT JOIN outbox o ON o.note_id = n.id WHERE n.id = ?
                """, arguments: [id]).map { try Self.note($0, db) }
        }
    }
}
