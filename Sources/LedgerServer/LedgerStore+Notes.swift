import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// What `submit` did: judged the note now, or found it already judged (idempotent replay).
    public enum Submission: Sendable {
        case created(ReturnNoteResult)
        case replayed(ReturnNoteResult)
    }

    /// Judges a note and applies its effects in one transaction, or returns the stored result of the same note.
    ///
    /// The note row is inserted first with `ON CONFLICT (id) DO NOTHING`: a concurrent twin waits on the key, then
    /// finds the committed note and compares body hashes (same → the stored result, other → 409). The order lines
    /// the note touches are then locked in line order, so two stations returning the last unit take turns and the
    /// second sees the first one's return.
    public func submit(_ note: ReturnNoteSubmission, bodyHash: String) async throws -> Submission {
        let closedOn: LocalDate
        do { closedOn = try note.validated() } catch { throw LedgerError(.invalidRequest, error.description) }
        let now = Date()
        let receivedAtMillis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let closedAt = Date(timeIntervalSince1970: Double(note.closedAtMillis) / 1000)
        let body = String(decoding: try JSONCoding.encode(note), as: UTF8.self)
        do {
            return try await transaction { connection in
                let inserted = try await connection.query("""
                    INSERT INTO return_notes (id, station, note_number, order_number, rma_number, closed_at, received_at,
                        body_sha256, body, result, operator_id, refund_policy)
                    VALUES (\(note.id), \(note.station), \(note.noteNumber), \(note.orderNumber), \(note.rmaNumber),
                        \(closedAt), \(now), \(bodyHash), \(body), '', \(note.operatorID),
                        \(note.refundPolicy ?? configuration.refundPolicy.id))
                    ON CONFLICT (id) DO NOTHING RETURNING 1
                    """, logger: logger)
                var isNew = false
                for try await _ in inserted { isNew = true }
                guard isNew else { return .replayed(try await storedResult(note, bodyHash: bodyHash, on: connection)) }

                return .created(try await judge(note, closedOn: closedOn, receivedAtMillis: receivedAtMillis, now: now, on: connection))
            }
        } catch let error as PSQLError where error.sqlState == "23505" && error.constraintName == "return_notes_station_note_number_key" {
            throw LedgerError(.noteNumberTaken, "station \(note.station) already submitted note \(note.noteNumber) under another id")
        } catch let error as PSQLError where error.sqlState == "23505" && error.constraintName == "returned_serials_pkey" {
            throw LedgerError(.conflict, "a serial of note \(note.id) was returned concurrently; submit the note again")
        }
    }

    private func storedResult(_ note: ReturnNoteSubmission, bodyHash: String, on connection: PostgresConnection) async throws -> ReturnNoteResult {
        let rows = try await connection.query(
            "SELECT station, body_sha256, body, result FROM return_notes WHERE id = \(note.id)", logger: logger)
        for try await (station, storedHash, body, result) in rows.decode((String, String, String, String).self) {
            guard station == note.station, try storedHash == bodyHash || note.isResentAfterUpgrade(of: body) else {
                throw LedgerError(.conflict, "note \(note.id) was already submitted with a different body")
            }
            return try await refreshed(try JSONDecoder().decode(ReturnNoteResult.self, from: Data(result.utf8)), on: connection)
        }
        throw LedgerError(.internal, "note \(note.id) vanished between insert and read")
    }

    /// The stored result, with the credit note's current refund status (it moves from pending to paid later).
    func refreshed(_ result: ReturnNoteResult, on connection: PostgresConnection) async throws -> ReturnNoteResult {
        guard let number = result.creditNote?.number else { return result }
        var result = result
        result.creditNote = try await creditNote(number, on: connection) ?? result.creditNote
        return result
    }

    /// The stored result of a note, or nil when the ledger has no note with that id.
    public func noteResult(_ id: UUID) async throws -> ReturnNoteResult? {
        try await client.withConnection { connection in
            let rows = try await connection.query("SELECT result FROM return_notes WHERE id = \(id)", logger: logger)
            for try await result in rows.decode(String.self) {
                return try await refreshed(try JSONDecoder().decode(ReturnNoteResult.self, from: Data(result.utf8)), on: connection)
            }
            return nil
        }
    }
}
