import Foundation
import GRDB
import ReturnsCore

/// One row of the scan journal, as a supervisor reads it.
public struct JournalRecord: Hashable, Sendable, Codable {
    public var seq: Int64
    public var id: String
    public var device: String
    public var lane: String
    public var raw: [UInt8]
    public var text: String
    public var kind: String
    public var outcome: String
    public var detail: String
    public var sessionID: String?
    public var orderNumber: String?
    public var line: Int?
    public var quantity: Int
    public var scannedAtMillis: Int64
}

/// An item scan a supervisor must approve or reject.
public struct ExceptionRecord: Hashable, Sendable, Codable {
    public var id: Int64
    public var scanSeq: Int64
    public var sessionID: String?
    public var orderNumber: String?
    public var outcome: String
    public var detail: String
    public var status: String
}

extension StationStore {
    /// Scans after `seq`, oldest first.
    public func scans(after seq: Int64 = 0, sessionID: String? = nil, limit: Int = 1000) throws(StoreError) -> [JournalRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM scans WHERE seq > ? AND (? IS NULL OR session_id = ?) ORDER BY seq LIMIT ?
                """, arguments: [seq, sessionID, sessionID, Self.rows(limit)]).map(Self.journalRecord)
        }
    }

    /// A `scans` row (live, or rebuilt from the archive) as a supervisor reads it.
    static func journalRecord(_ row: Row) -> JournalRecord {
        JournalRecord(seq: row["seq"], id: row["id"], device: row["device"], lane: row["lane"],
                      raw: [UInt8]((row["raw"] as Data?) ?? Data()), text: row["text"], kind: row["kind"], outcome: row["outcome"],
                      detail: row["detail"], sessionID: row["session_id"], orderNumber: row["order_number"],
                      line: row["line"], quantity: row["quantity"], scannedAtMillis: row["scanned_at"])
    }

    public func exceptions(status: String? = nil) throws(StoreError) -> [ExceptionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM exceptions WHERE (? IS NULL OR status = ?) ORDER BY id",
                             arguments: [status, status]).map { row in
                ExceptionRecord(id: row["id"], scanSeq: row["scan_seq"], sessionID: row["session_id"],
                                orderNumber: row["order_number"], outcome: row["outcome"], detail: row["detail"], status: row["status"])
            }
        }
    }

    /// How many times each EPC was read again within its window, by device.
    public func duplicateReadTally() throws(StoreError) -> [String: Int] {
        try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT epc, SUM(count) AS n FROM duplicate_reads GROUP BY epc").map { ($0["epc"], $0["n"]) },
                       uniquingKeysWith: +)
        }
    }

    /// Notes not yet confirmed by the ledger.
    public func outboxDepth() throws(StoreError) -> Int {
        try read(Self.outboxDepth)
    }

    static func outboxDepth(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") ?? 0
    }

    static func openExceptionCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exceptions WHERE status = 'open'") ?? 0
    }
}

extension StationStore {
    /// What an approval needs to know of an exception: its state and what the original scan said.
    public func exception(_ id: Int64) throws(StoreError) -> (record: ExceptionRecord, approval: ExceptionApproval)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT e.*, s.id AS scan_id, s.gtin, s.serial, s.lot, s.expiry, s.line, s.quantity AS scan_quantity
                FROM exceptions e JOIN scans s ON s.seq = e.scan_seq WHERE e.id = ?
                """, arguments: [id]) else { return nil }
            let record = ExceptionRecord(id: row["id"], scanSeq: row["scan_seq"], sessionID: row["session_id"],
                                         orderNumber: row["order_number"], outcome: row["outcome"], detail: row["detail"], status: row["status"])
            let gtin = (row["gtin"] as String?).flatMap { try? GTIN($0) }
            let approval = ExceptionApproval(exceptionID: id, sessionID: row["session_id"], line: row["line"], gtin: gtin,
                                             serial: row["serial"], lot: row["lot"], expiry: row["expiry"],
                                             quantity: max(1, row["quantity"] as Int), scanID: row["scan_id"],
                                             rule: ScanOutcome(rawValue: row["outcome"]))
            return (record, approval)
        }
    }
}

/// A note still waiting to reach the ledger.
public struct OutboxEntry: Hashable, Sendable {
    public var id: Int64
    public var noteID: String
    public var noteNumber: String
    public var orderNumber: String
    public var sessionID: String
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAtMillis: Int64?
    /// The ledger refused it outright; it waits for a person instead of being retried.
    public var failedPermanently: Bool
}

extension StationStore {
    /// A session's status (`open`, `closed`, `cancelled`) and its items, whatever its status.
    public func session(_ id: String) throws(StoreError) -> (status: String, items: [SessionItem])? {
        try read { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM sessions WHERE id = ?", arguments: [id]) else { return nil }
            let items = try Row.fetchAll(db, sql: "SELECT * FROM session_items WHERE session_id = ? ORDER BY rowid", arguments: [id]).map(Self.item)
            return (status, items)
        }
    }

    /// Notes not yet confirmed by the ledger, oldest first: the order the sync engine sends them in.
    public func pendingOutbox(limit: Int = 1000) async throws(StoreError) -> [OutboxEntry] {
        try await readAsync { db in
            try Row.fetchAll(db, sql: """
                SELECT o.id, o.note_id, n.number, n.order_number, o.session_id, o.attempts, o.last_error, o.next_attempt_at,
                    o.failed_permanently
                FROM outbox o JOIN return_notes n ON n.id = o.note_id WHERE o.delivered_at IS NULL ORDER BY o.id LIMIT ?
                """, arguments: [limit]).map { row in
                OutboxEntry(id: row["id"], noteID: row["note_id"], noteNumber: row["number"], orderNumber: row["order_number"],
                            sessionID: row["session_id"], attempts: row["attempts"], lastError: row["last_error"],
                            nextAttemptAtMillis: row["next_attempt_at"], failedPermanently: row["failed_permanently"])
            }
        }
    }
}
