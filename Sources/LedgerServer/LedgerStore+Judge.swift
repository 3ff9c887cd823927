import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// Inside `submit`'s transaction: lock what the note touches, decide, write every effect, build the result.
    ///
    /// Locks are taken in one order by every writer — order lines (by line), then the RMA, then the counters — so
    /// concurrent notes queue instead of deadlocking. The counters come last to hold them for the shortest time.
    func judge(_ note: ReturnNoteSubmission, closedOn: LocalDate, receivedAtMillis: Int64, now: Date,
               on connection: PostgresConnection) async throws -> ReturnNoteResult {
        var customer = ""
        var currency = ""
        let header = try await connection.query(
            "SELECT customer, currency FROM orders WHERE number = \(note.orderNumber)", logger: logger)
        for try await (c, cur) in header.decode((String, String).self) { (customer, currency) = (c, cur) }
        guard !currency.isEmpty else {
            throw LedgerError(.orderNotFound, "order \(note.orderNumber) is not known to the ledger (import it, then submit again)")
        }
        guard currency == note.currency else {
            throw LedgerError(.invalidRequest, "note \(note.id) is in \(note.currency), order \(note.orderNumber) in \(currency)")
        }

        let lineNumbers = Array(Set(note.lines.map(\.orderLine))).sorted()
        let lines = try await lockLines(note.orderNumber, lineNumbers, on: connection)
        var returnedSerials = Set<String>()
        let serialRows = try await connection.query("""
            SELECT serial FROM returned_serials WHERE order_number = \(note.orderNumber) AND order_line = ANY(\(lineNumbers))
            """, logger: logger)
        for try await serial in serialRows.decode(String.self) { returnedSerials.insert(serial) }
        var rma: LockedRMA?
        if let number = note.rmaNumber { rma = try await lockRMA(number, on: connection) }

        let policy = try await refundPolicy(named: note.refundPolicy, on: connection)
        let decision = try NoteAdjudicator(configuration: configuration, policy: policy).decide(
            note, closedOn: closedOn, currency: currency, lines: lines, returnedSerials: returnedSerials, rma: rma,
            rmaNumberUnknown: note.rmaNumber != nil && rma == nil)

        try await applyAccepted(decision.accepted, note: note, rma: rma, now: now, on: connection)
        try await recordLines(decision, note: note, on: connection)

        let status: NoteStatus = decision.refused.isEmpty ? .accepted : decision.accepted.isEmpty ? .refused : .partiallyAccepted
        var result = ReturnNoteResult(
            noteID: note.id, station: note.station, noteNumber: note.noteNumber, orderNumber: note.orderNumber,
            rmaNumber: note.rmaNumber, status: status,
            acceptedLines: decision.accepted.map {
                AcceptedLine(index: $0.index, orderLine: $0.orderLine.line, quantity: $0.quantity, serials: $0.serials,
                             location: $0.location, grossMinor: $0.money.gross.minorUnits, feeMinor: $0.money.fee.minorUnits,
                             taxMinor: $0.money.tax.minorUnits, refundMinor: $0.money.refund.minorUnits,
                             honouredOverride: $0.honouredOverride)
            },
            refusedLines: decision.refused, creditNote: nil, receivedAtMillis: receivedAtMillis)
        if decision.accepted.isEmpty {
            let json = String(decoding: try JSONCoding.encode(result), as: UTF8.self)
            try await connection.query("UPDATE return_notes SET result = \(json) WHERE id = \(note.id)", logger: logger)
        } else {
            let sequence = try await nextCreditNoteSequence(on: connection)
            result.creditNote = creditNote(decision.accepted, sequence: sequence, note: note, customer: customer, currency: currency)
            try await finish(result, now: now, on: connection)
        }
        return result
    }
}
