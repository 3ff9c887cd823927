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
                """, arguments: [seq, sessionID, sessionID, limit]).map { row in
                JournalRecord(seq: row["seq"], id: row["id"], device: row["device"], lane: row["lane"],
                              raw: [UInt8]((row["raw"] as Data?) ?? Data()), text: row["text"], kind: row["kind"], outcome: row["outcome"],
                              detail: row["detail"], sessionID: row["session_id"], orderNumber: row["order_number"],
                              line: row["line"], quantity: row["quantity"], scannedAtMillis: row["scanned_at"])
            }
        }
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
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL") ?? 0 }
    }
}
