import GRDB
import ReturnsCore

/// A return note as stored, with its number.
public struct StoredReturnNote: Hashable, Sendable {
    public var number: String
    public var sequence: Int
    public var note: ReturnNoteDraft
    /// When the ledger confirmed it; nil while it waits in the outbox.
    public var deliveredAtMillis: Int64?
    /// The ledger's verdict (`accepted`, `partiallyAccepted`, `refused`) and credit note, once delivered.
    public var ledgerStatus: String?
    public var creditNote: String?

    public init(number: String, sequence: Int, note: ReturnNoteDraft, deliveredAtMillis: Int64?,
                ledgerStatus: String? = nil, creditNote: String? = nil) {
        self.number = number
        self.sequence = sequence
        self.note = note
        self.deliveredAtMillis = deliveredAtMillis
        self.ledgerStatus = ledgerStatus
        self.creditNote = creditNote
    }
}

extension StationStore {
    public func notes(limit: Int = 100) throws(StoreError) -> [StoredReturnNote] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.*, o.delivered_at FROM return_notes n LEFT JOIN outbox o ON o.note_id = n.id
                ORDER BY n.sequence DESC LIMIT ?
                """, arguments: [Self.rows(limit)]).map { try Self.note($0, db) }
        }
    }

    public func note(number: String) throws(StoreError) -> StoredReturnNote? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT n.*, o.delivered_at FROM return_notes n LEFT JOIN outbox o ON o.note_id = n.id WHERE n.number = ?
                """, arguments: [number]).map { try Self.note($0, db) }
        }
    }

    static func note(_ row: Row, _ db: Database) throws -> StoredReturnNote {
        let id: String = row["id"]
        let currency: String = row["currency"]
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM return_lines WHERE note_id = ? ORDER BY position", arguments: [id]).map { r in
            let gtinText: String = r["gtin"]
            guard let gtin = try? GTIN(gtinText) else { throw StoreError(.corrupt, "note \(id) has GTIN '\(gtinText)' that does not parse") }
            let money = { (column: String) in Money(minorUnits: r[column], currency: currency) }
            let serials: String = r["serials"]
            let lots: String = r["lots"]
            return ReturnNoteLine(
                orderLine: r["order_line"], sku: r["sku"], gtin: gtin, description: r["description"], quantity: r["quantity"],
                inspection: try inspection(r, "condition", "reason", "disposition"),
                serials: serials.split(separator: "\n").map(String.init), lots: lots.split(separator: "\n").map(String.init),
                unitPrice: money("unit_price_minor"), taxRateBasisPoints: r["tax_rate_bp"],
                money: RefundBreakdown(gross: money("gross_minor"), fee: money("fee_minor"), tax: money("tax_minor"),
                                       refund: money("refund_minor")),
                override: try OverrideColumns.read(r))
        }
        let draft = ReturnNoteDraft(
            id: id, sessionID: row["session_id"], orderNumber: row["order_number"], rmaNumber: row["rma_number"],
            customer: row["customer"], lane: row["lane"], operatorID: row["operator"], closedAtMillis: row["closed_at"],
            currency: currency, lines: lines, refundPolicyID: row["refund_policy"])
        return StoredReturnNote(number: row["number"], sequence: row["sequence"], note: draft, deliveredAtMillis: row["delivered_at"],
                                ledgerStatus: row["ledger_status"], creditNote: row["credit_note"])
    }
}
