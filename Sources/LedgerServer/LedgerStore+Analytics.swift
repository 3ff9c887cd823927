import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// Totals of notes closed from `from` to `to` (UTC days, both included).
    public func returnsAnalytics(from: LocalDate, to: LocalDate) async throws -> ReturnsAnalyticsDTO {
        let start = from.iso, end = to.adding(days: 1).iso
        let period: PostgresQuery = """
            SELECT count(*)::integer FROM return_notes
            WHERE closed_at >= \(start)::date::timestamp AT TIME ZONE 'UTC' AND closed_at < \(end)::date::timestamp AT TIME ZONE 'UTC'
            """
        var notes = 0
        for try await count in try await client.query(period, logger: logger).decode(Int.self) { notes = count }
        func buckets(_ column: String, accepted: Bool) async throws -> [AnalyticsBucket] {
            // `column` is one of our own fixed names, never user input.
            let query: PostgresQuery = """
                SELECT l.\(unescaped: column), sum(l.quantity)::integer, count(*)::integer
                FROM return_lines l JOIN return_notes n ON n.id = l.note_id
                WHERE l.accepted = \(accepted) AND n.closed_at >= \(start)::date::timestamp AT TIME ZONE 'UTC'
                    AND n.closed_at < \(end)::date::timestamp AT TIME ZONE 'UTC'
                GROUP BY 1 ORDER BY 2 DESC, 1
                """
            var result: [AnalyticsBucket] = []
            for try await (key, quantity, lines) in try await client.query(query, logger: logger).decode((String, Int, Int).self) {
                result.append(AnalyticsBucket(key: key, quantity: quantity, lines: lines))
            }
            return result
        }
        let money: PostgresQuery = """
            SELECT c.currency, sum(c.refund_minor)::bigint FROM credit_notes c JOIN return_notes n ON n.id = c.note_id
            WHERE n.closed_at >= \(start)::date::timestamp AT TIME ZONE 'UTC' AND n.closed_at < \(end)::date::timestamp AT TIME ZONE 'UTC'
            GROUP BY 1
            """
        var refunds: [String: Int64] = [:]
        for try await (currency, total) in try await client.query(money, logger: logger).decode((String, Int64).self) {
            refunds[currency] = total
        }
        let byReason = try await buckets("reason", accepted: true)
        return ReturnsAnalyticsDTO(
            from: from.iso, to: to.iso, notes: notes, quantity: byReason.reduce(0) { $0 + $1.quantity },
            refundMinorByCurrency: refunds, byReason: byReason,
            byCondition: try await buckets("condition", accepted: true),
            byDisposition: try await buckets("disposition", accepted: true),
            refused: try await buckets("refusal", accepted: false))
    }
}
