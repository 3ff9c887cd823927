import Foundation
import GRDB
import ReturnsCore

extension StationStore {
    /// Commits a batch of decided scans in ONE transaction (group commit): either every scan of the
    /// batch, with its session changes, exceptions, notes and outbox rows, is on disk, or none is.
    /// Only after this returns may any scan of the batch be acknowledged.
    public func commit(_ batch: [JournalEntry]) throws(StoreError) -> [CommittedScan] {
        guard !batch.isEmpty else { return [] }
        let stationID = self.stationID
        return try write { db in try Self.append(batch, stationID: stationID, db) }
    }

    /// Every entry of a batch in order; repeats of a tag are tallied per tag once for the whole batch (a tote read
    /// 20 times is 19,000 repeats, one row change each before).
    static func append(_ batch: [JournalEntry], stationID: String, _ db: Database) throws -> [CommittedScan] {
        var repeats: [DuplicateReadKey: (count: Int, lastAt: Int64)] = [:]
        let committed = try batch.map { entry in
            guard entry.decision.outcome == .duplicateRead else { return try append(entry, stationID: stationID, db) }
            for case .tallyDuplicateRead(let device, let epc) in entry.decision.effects {
                let key = DuplicateReadKey(device: device, epc: epc)
                repeats[key] = ((repeats[key]?.count ?? 0) + 1, entry.context.wallMillis)  // the last read's time, as before
            }
            return CommittedScan(seq: nil, scanID: entry.context.scanID, noteNumber: nil, noteSequence: nil)
        }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO duplicate_reads(device, epc, count, last_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(device, epc) DO UPDATE SET count = count + excluded.count, last_at = excluded.last_at
            """)
        for (key, tally) in repeats {
            try statement.execute(arguments: [key.device, key.epc, tally.count, tally.lastAt])
        }
        return committed
    }

    private struct DuplicateReadKey: Hashable {
        var device: String
        var epc: String
    }

    private static func append(_ entry: JournalEntry, stationID: String, _ db: Database) throws -> CommittedScan {
        let decision = entry.decision
        let context = entry.context
        var committed = CommittedScan(seq: nil, scanID: context.scanID, noteNumber: nil, noteSequence: nil)
        // Sessions first: the scan row refers to its session.
        for case .saveSession(let session) in decision.effects { try saveSession(session, db) }
        let item: DecodedItem? = if case .item(let item) = entry.meaning { item } else { nil }
        try db.cachedStatement(sql: """
            INSERT INTO scans(id, device, lane, raw, text, symbology, kind, gtin, serial, lot, expiry, outcome, detail,
                session_id, order_number, line, quantity, operator, scanned_at, monotonic_ns)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [context.scanID, context.device, context.lane, Data(entry.raw), entry.text, entry.symbology,
                             entry.meaning.kind, item?.gtin?.digits, item?.serial, item?.lot, item?.expiry?.iso,
                             decision.outcome.rawValue, decision.detail, decision.sessionID, decision.orderNumber,
                             decision.line, decision.quantity, entry.operatorID, context.wallMillis,
                             Int64(bitPattern: context.monotonicNanos)])
        let seq = db.lastInsertedRowID
        committed.seq = seq
        if decision.outcome.raisesException {
            try db.execute(sql: """
                INSERT INTO exceptions(scan_seq, session_id, order_number, outcome, detail, created_at, quantity) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [seq, decision.sessionID, decision.orderNumber, decision.outcome.rawValue, decision.detail, context.wallMillis,
                                 decision.requestedQuantity])
        }
        for effect in decision.effects {
            switch effect {
            case .saveSession, .tallyDuplicateRead:
                break
            case .saveItem(let sessionID, let item):
                try saveItem(item, sessionID: sessionID, db)
            case .cancelSession(let id):
                try db.execute(sql: "UPDATE sessions SET status = 'cancelled', ended_at = ? WHERE id = ?", arguments: [context.wallMillis, id])
            case .decideException(let id, let approved, let by):
                try db.execute(sql: """
                    UPDATE exceptions SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'
                    """, arguments: [approved ? "approved" : "rejected", by, context.wallMillis, id])
                // The core refuses a second decision of one exception, and the API one already decided on disk,
                // so this changes one row; should it ever change none, the stored decision stands (throwing
                // would fail every other scan in this group commit).
            case .saveLaneOperator(let lane, let operatorID):
                try db.execute(sql: "INSERT OR REPLACE INTO lane_operators(lane, operator) VALUES (?, ?)", arguments: [lane, operatorID])
            case .closeSession(let note):
                (committed.noteNumber, committed.noteSequence) = try insertNote(note, stationID: stationID, db)
            }
        }
        return committed
    }

    private static func saveSession(_ s: LaneSession, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO sessions(id, lane, order_number, rma_number, operator, status, opened_at, default_condition,
                default_reason, default_disposition, pending_quantity, authorised)
            VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET operator = excluded.operator, default_condition = excluded.default_condition,
                default_reason = excluded.default_reason, default_disposition = excluded.default_disposition,
                pending_quantity = excluded.pending_quantity
            """).execute(arguments: [s.id, s.lane, s.orderNumber, s.rmaNumber, s.operatorID, s.openedAtMillis,
                             s.defaults.condition.rawValue, s.defaults.reason.rawValue, s.defaults.disposition.rawValue,
                             s.pendingQuantity, s.authorised.map(AuthorisationText.encode)])
    }

    private static func saveItem(_ item: SessionItem, sessionID: String, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO session_items(scan_id, session_id, line, gtin, quantity, serial, lot, expiry,
                condition, reason, disposition, undone, override_rule, override_by, override_at, override_exception)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(scan_id) DO UPDATE SET condition = excluded.condition, reason = excluded.reason,
                disposition = excluded.disposition, undone = excluded.undone
            """).execute(arguments: StatementArguments([item.scanID, sessionID, item.line, item.gtin.digits, item.quantity, item.serial,
                             item.lot, item.expiry, item.inspection.condition.rawValue, item.inspection.reason.rawValue,
                             item.inspection.disposition.rawValue, item.undone] as [(any DatabaseValueConvertible)?] + OverrideColumns.values(item.override)))
    }

    /// Writes the note, its lines and its outbox entry, and numbers it without gaps.
    private static func insertNote(_ note: ReturnNoteDraft, stationID: String, _ db: Database) throws -> (String, Int) {
        let sequence = try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'next_note_sequence'") ?? 1
        try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'next_note_sequence'", arguments: [String(sequence + 1)])
        let number = ReturnNoteNumber.format(station: stationID, sequence: sequence)
        try db.execute(sql: "UPDATE sessions SET status = 'closed', ended_at = ? WHERE id = ?", arguments: [note.closedAtMillis, note.sessionID])
        try db.execute(sql: """
            INSERT INTO return_notes(id, number, sequence, session_id, order_number, rma_number, customer, lane, operator,
                closed_at, currency, refund_total_minor, refund_policy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [note.id, number, sequence, note.sessionID, note.orderNumber, note.rmaNumber, note.customer,
                             note.lane, note.operatorID, note.closedAtMillis, note.currency, note.refundTotal.minorUnits,
                             note.refundPolicyID])
        for (position, line) in note.lines.enumerated() {
            try db.execute(sql: """
                INSERT INTO return_lines(note_id, position, order_line, sku, gtin, description, quantity, condition, reason,
                    disposition, serials, lots, unit_price_minor, tax_rate_bp, gross_minor, fee_minor, tax_minor, refund_minor,
                    override_rule, override_by, override_at, override_exception)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: StatementArguments([note.id, position, line.orderLine, line.sku, line.gtin.digits, line.description, line.quantity,
                                 line.inspection.condition.rawValue, line.inspection.reason.rawValue,
                                 line.inspection.disposition.rawValue, line.serials.joined(separator: "\n"),
                                 line.lots.joined(separator: "\n"), line.unitPrice.minorUnits, line.taxRateBasisPoints,
                                 line.money.gross.minorUnits, line.money.fee.minorUnits, line.money.tax.minorUnits,
                                 line.money.refund.minorUnits] as [(any DatabaseValueConvertible)?] + OverrideColumns.values(line.override)))
            for serial in line.serials {
                try db.execute(sql: "INSERT INTO return_serials(note_id, order_number, line, serial) VALUES (?, ?, ?, ?)",
                               arguments: [note.id, note.orderNumber, line.orderLine, serial])
            }
        }
        try db.execute(sql: "INSERT INTO outbox(note_id, session_id, created_at) VALUES (?, ?, ?)",
                       arguments: [note.id, note.sessionID, note.closedAtMillis])
        return (number, sequence)
    }
}

/// `RN-<station>-<6 digits>`: per station, gapless, assigned in the transaction that closes the session.
public enum ReturnNoteNumber {
    public static func format(station: String, sequence: Int) -> String {
        let digits = String(sequence)
        return "RN-\(station)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
