import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// The order lines a note touches, locked in line order (`FOR UPDATE`) until the note's transaction ends.
    func lockLines(_ order: String, _ numbers: [Int], on connection: PostgresConnection) async throws -> [Int: LockedOrderLine] {
        let rows = try await connection.query("""
            SELECT line, sku, gtin, quantity_sold, quantity_returned, unit_price_minor, tax_rate_bp, serials_sold,
                returnable, delivered_on::text, return_days
            FROM order_lines WHERE order_number = \(order) AND line = ANY(\(numbers)) ORDER BY line FOR UPDATE
            """, logger: logger)
        var lines: [Int: LockedOrderLine] = [:]
        for try await (line, sku, gtin, sold, returned, price, tax, serials, returnable, delivered, days) in rows.decode(
            (Int, String, String, Int, Int, Int64, Int, [String], Bool, String, Int).self
        ) {
            guard let deliveredOn = LocalDate(iso: delivered) else {
                throw LedgerError(.internal, "order \(order) line \(line) has delivery date '\(delivered)'")
            }
            lines[line] = LockedOrderLine(
                line: line, sku: sku, gtin: gtin, quantitySold: sold, quantityReturned: returned, unitPriceMinor: price,
                taxRateBasisPoints: tax, serialsSold: serials, returnable: returnable, deliveredOn: deliveredOn,
                returnDays: days)
        }
        return lines
    }

    /// An RMA and its lines, locked (`FOR UPDATE`) so two notes under one RMA cannot both use its last unit.
    func lockRMA(_ number: String, on connection: PostgresConnection) async throws -> LockedRMA? {
        let rows = try await connection.query("""
            SELECT order_number, (extract(epoch FROM expires_at) * 1000)::bigint,
                (extract(epoch FROM cancelled_at) * 1000)::bigint
            FROM rmas WHERE number = \(number) FOR UPDATE
            """, logger: logger)
        var rma: LockedRMA?
        for try await (order, expires, cancelled) in rows.decode((String, Int64, Int64?).self) {
            rma = LockedRMA(number: number, orderNumber: order, expiresAtMillis: expires, cancelledAtMillis: cancelled, remaining: [:])
        }
        guard var rma else { return nil }
        let lines = try await connection.query("""
            SELECT order_line, quantity_authorised - quantity_returned FROM rma_lines WHERE rma_number = \(number)
            """, logger: logger)
        for try await (line, left) in lines.decode((Int, Int).self) { rma.remaining[line] = left }
        return rma
    }

    /// Returned quantities, returned serials, RMA usage and stock movements of the accepted units.
    func applyAccepted(_ accepted: [NoteAdjudicator.Accepted], note: ReturnNoteSubmission, rma: LockedRMA?, now: Date,
                       on connection: PostgresConnection) async throws {
        for part in accepted {
            let line = part.orderLine.line
            try await connection.query("""
                UPDATE order_lines SET quantity_returned = quantity_returned + \(part.quantity)
                WHERE order_number = \(note.orderNumber) AND line = \(line)
                """, logger: logger)
            if part.orderLine.isSerialTracked {
                try await connection.query("""
                    INSERT INTO returned_serials (order_number, order_line, serial, note_id)
                    SELECT \(note.orderNumber), \(line), unnest(\(part.serials)::text[]), \(note.id)
                    """, logger: logger)
            }
            if let rma {
                try await connection.query("""
                    UPDATE rma_lines SET quantity_returned = quantity_returned + \(part.quantity)
                    WHERE rma_number = \(rma.number) AND order_line = \(line)
                    """, logger: logger)
            }
            try await connection.query("""
                INSERT INTO stock_movements (note_id, order_number, order_line, sku, gtin, quantity, location, disposition,
                    serials, lots, created_at)
                VALUES (\(note.id), \(note.orderNumber), \(line), \(part.orderLine.sku), \(part.orderLine.gtin),
                    \(part.quantity), \(part.location), \(part.submitted.disposition.rawValue), \(part.serials),
                    \(part.submitted.lots), \(now))
                """, logger: logger)
        }
    }

    /// The next credit-note number. The `credit_note` counter's row stays locked until commit, so a rolled-back
    /// note gives its number back (no gaps); it is taken last, just before ``finish``, to hold the lock briefly.
    func nextCreditNoteSequence(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            "UPDATE counters SET value = value + 1 WHERE name = 'credit_note' RETURNING value", logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        throw LedgerError(.internal, "the credit_note counter row is missing")
    }

    /// The credit note of the accepted units: per-line money from the adjudicator, totals as sums of the lines.
    func creditNote(_ accepted: [NoteAdjudicator.Accepted], sequence: Int64, note: ReturnNoteSubmission, customer: String,
                    currency: String) -> CreditNoteDTO {
        let digits = String(sequence)
        let number = configuration.creditNotePrefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        let lines = accepted.map { part in
            CreditNoteLineDTO(
                orderLine: part.orderLine.line, sku: part.orderLine.sku, quantity: part.quantity,
                unitPriceMinor: part.orderLine.unitPriceMinor, taxRateBasisPoints: part.orderLine.taxRateBasisPoints,
                feeBasisPoints: part.feeBasisPoints, grossMinor: part.money.gross.minorUnits,
                feeMinor: part.money.fee.minorUnits, taxMinor: part.money.tax.minorUnits,
                refundMinor: part.money.refund.minorUnits)
        }
        return CreditNoteDTO(
            number: number, noteID: note.id, orderNumber: note.orderNumber, customer: customer, currency: currency,
            grossMinor: lines.reduce(0) { $0 + $1.grossMinor }, feeMinor: lines.reduce(0) { $0 + $1.feeMinor },
            taxMinor: lines.reduce(0) { $0 + $1.taxMinor }, refundMinor: lines.reduce(0) { $0 + $1.refundMinor },
            refundStatus: .pending, paidAtMillis: nil, paymentReference: nil, lines: lines)
    }

    /// In one statement (one round trip while the counters are locked): the credit note and its lines, the note's
    /// stored result, and the order's next feed cursor.
    func finish(_ result: ReturnNoteResult, now: Date, on connection: PostgresConnection) async throws {
        guard let credit = result.creditNote else { return }
        let json = String(decoding: try JSONCoding.encode(result), as: UTF8.self)
        let sequence = Int64(credit.number.dropFirst(configuration.creditNotePrefix.count)) ?? 0
        let lines = credit.lines
        try await connection.query("""
            WITH credit AS (
                INSERT INTO credit_notes (number, sequence, note_id, order_number, customer, currency, gross_minor,
                    fee_minor, tax_minor, refund_minor, refund_status, created_at)
                VALUES (\(credit.number), \(sequence), \(result.noteID), \(credit.orderNumber), \(credit.customer),
                    \(credit.currency), \(credit.grossMinor), \(credit.feeMinor), \(credit.taxMinor), \(credit.refundMinor),
                    'pending', \(now))
            ), credit_lines AS (
                INSERT INTO credit_note_lines (credit_note_number, position, order_line, sku, quantity, unit_price_minor,
                    tax_rate_bp, fee_bp, gross_minor, fee_minor, tax_minor, refund_minor)
                SELECT \(credit.number), * FROM unnest(\(Array(0..<lines.count))::integer[], \(lines.map(\.orderLine))::integer[],
                    \(lines.map(\.sku))::text[], \(lines.map(\.quantity))::integer[], \(lines.map(\.unitPriceMinor))::bigint[],
                    \(lines.map(\.taxRateBasisPoints))::integer[], \(lines.map(\.feeBasisPoints))::integer[],
                    \(lines.map(\.grossMinor))::bigint[], \(lines.map(\.feeMinor))::bigint[], \(lines.map(\.taxMinor))::bigint[],
                    \(lines.map(\.refundMinor))::bigint[])
            ), note AS (
                UPDATE return_notes SET result = \(json), credit_note_number = \(credit.number) WHERE id = \(result.noteID)
            ), cursor AS (
                UPDATE counters SET value = value + 1 WHERE name = 'order_change' RETURNING value
            )
            INSERT INTO order_feed (order_number, change_seq) SELECT \(result.orderNumber), value FROM cursor
            ON CONFLICT (order_number) DO UPDATE SET change_seq = EXCLUDED.change_seq
            """, logger: logger)
    }

    /// Every accepted and refused part of the note, with its inspection and any supervisor override (honoured
    /// or not), for follow-up and analytics.
    func recordLines(_ decision: NoteAdjudicator.Decision, note: ReturnNoteSubmission, on connection: PostgresConnection) async throws {
        var position = 0
        for part in decision.accepted {
            try await insertLine(note, position, part.submitted, index: part.index, orderLine: part.orderLine.line, quantity: part.quantity,
                                 refusal: nil, serials: part.serials, refundMinor: part.money.refund.minorUnits,
                                 honoured: part.honouredOverride != nil, on: connection)
            position += 1
        }
        for refused in decision.refused {
            try await insertLine(note, position, note.lines[refused.index], index: refused.index, orderLine: refused.orderLine,
                                 quantity: refused.quantity, refusal: refused.reason.rawValue, serials: refused.serials,
                                 refundMinor: 0, honoured: false, on: connection)
            position += 1
        }
    }

    /// One `return_lines` row: accepted when `refusal` is nil; `honoured` is recorded only for a line with an override.
    private func insertLine(_ note: ReturnNoteSubmission, _ position: Int, _ s: ReturnNoteLineDTO, index: Int, orderLine: Int,
                            quantity: Int, refusal: String?, serials: [String], refundMinor: Int64, honoured: Bool,
                            on connection: PostgresConnection) async throws {
        let o = s.override
        try await connection.query("""
            INSERT INTO return_lines (note_id, position, submitted_index, order_line, quantity, accepted, refusal,
                condition, reason, disposition, serials, lots, refund_minor,
                override_rule, override_by, override_at, override_exception, override_honoured)
            VALUES (\(note.id), \(position), \(index), \(orderLine), \(quantity), \(refusal == nil), \(refusal),
                \(s.condition.rawValue), \(s.reason.rawValue), \(s.disposition.rawValue), \(serials), \(s.lots),
                \(refundMinor), \(o?.rule.rawValue), \(o?.approvedBy), \(o.map(Self.date)), \(o?.exceptionID),
                \(o.map { _ in honoured }))
            """, logger: logger)
    }

    private static func date(_ override: ExceptionOverride) -> Date { Date(timeIntervalSince1970: Double(override.approvedAtMillis) / 1000) }
}
