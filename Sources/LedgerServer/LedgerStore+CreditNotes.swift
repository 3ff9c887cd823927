import Foundation
import LedgerProtocol
import PostgresNIO

extension LedgerStore {
    /// A credit note with its lines and current refund status, or nil.
    public func creditNote(_ number: String) async throws -> CreditNoteDTO? {
        try await client.withConnection { try await creditNote(number, on: $0) }
    }

    func creditNote(_ number: String, on connection: PostgresConnection) async throws -> CreditNoteDTO? {
        let rows = try await connection.query("""
            SELECT note_id, order_number, customer, currency, gross_minor, fee_minor, tax_minor, refund_minor,
                refund_status, (extract(epoch FROM paid_at) * 1000)::bigint, payment_reference
            FROM credit_notes WHERE number = \(number)
            """, logger: logger)
        var credit: CreditNoteDTO?
        for try await (note, order, customer, currency, gross, fee, tax, refund, status, paidAt, reference) in rows.decode(
            (UUID, String, String, String, Int64, Int64, Int64, Int64, String, Int64?, String?).self
        ) {
            credit = CreditNoteDTO(
                number: number, noteID: note, orderNumber: order, customer: customer,
                currency: currency, grossMinor: gross, feeMinor: fee, taxMinor: tax, refundMinor: refund,
                refundStatus: RefundStatus(rawValue: status) ?? .pending, paidAtMillis: paidAt, paymentReference: reference,
                lines: [])
        }
        guard var credit else { return nil }
        let lines = try await connection.query("""
            SELECT order_line, sku, quantity, unit_price_minor, tax_rate_bp, fee_bp, gross_minor, fee_minor, tax_minor,
                refund_minor
            FROM credit_note_lines WHERE credit_note_number = \(number) ORDER BY position
            """, logger: logger)
        for try await (line, sku, quantity, price, taxRate, feeRate, gross, fee, tax, refund) in lines.decode(
            (Int, String, Int, Int64, Int, Int, Int64, Int64, Int64, Int64).self
        ) {
            credit.lines.append(CreditNoteLineDTO(
                orderLine: line, sku: sku, quantity: quantity, unitPriceMinor: price, taxRateBasisPoints: taxRate,
                feeBasisPoints: feeRate, grossMinor: gross, feeMinor: fee, taxMinor: tax, refundMinor: refund))
        }
        return credit
    }

    /// Marks a credit note's refund as paid (finance's `credit-note paid` command). Paying twice keeps the first
    /// payment's time and reference.
    public func markPaid(_ number: String, reference: String?) async throws -> CreditNoteDTO {
        let rows = try await client.query("""
            UPDATE credit_notes SET refund_status = 'paid', paid_at = COALESCE(paid_at, now()),
                payment_reference = COALESCE(payment_reference, \(reference))
            WHERE number = \(number) RETURNING number
            """, logger: logger)
        for try await _ in rows {
            if let credit = try await creditNote(number) { return credit }
        }
        throw LedgerError(.notFound, "no credit note \(number)")
    }
}
