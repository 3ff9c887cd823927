import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// Authorises the return of some units of an order; returns the RMA with its new number.
    ///
    /// A line can be authorised for at most the units still out with the customer (sold minus returned).
    public func createRMA(_ request: RMACreateRequest, createdBy: String, now: Date = Date()) async throws -> RMADTO {
        guard !request.lines.isEmpty else { throw LedgerError(.invalidRequest, "an RMA authorises at least one line") }
        guard request.lines.count <= 1000 else { throw LedgerError(.invalidRequest, "an RMA authorises at most 1000 lines") }
        if let problem = OrderLimits.textProblem(request.orderNumber, maximum: OrderLimits.maximumNumberLength) {
            throw LedgerError(.invalidRequest, "orderNumber \(problem)")
        }
        for line in request.lines where line.orderLine < 1 || !(1...OrderLimits.maximumQuantity).contains(line.quantity) {
            throw LedgerError(.invalidRequest, "line \(line.orderLine): orderLine must be ≥ 1 and quantity from 1 to \(OrderLimits.maximumQuantity)")
        }
        guard Set(request.lines.map(\.orderLine)).count == request.lines.count else {
            throw LedgerError(.invalidRequest, "a line appears twice in the RMA request")
        }
        let days = request.expiresInDays ?? configuration.defaultRMADays
        guard (1...3650).contains(days) else { throw LedgerError(.invalidRequest, "expiresInDays \(days) is not from 1 to 3650") }
        guard let order = try await order(request.orderNumber) else {
            throw LedgerError(.notFound, "order \(request.orderNumber) is not known to the ledger")
        }
        for wanted in request.lines {
            guard let line = order.lines.first(where: { $0.line == wanted.orderLine }) else {
                throw LedgerError(.invalidRequest, "order \(order.number) has no line \(wanted.orderLine)")
            }
            let out = line.quantitySold - line.quantityReturned
            guard wanted.quantity > 0, wanted.quantity <= out else {
                throw LedgerError(.invalidRequest, "line \(line.line): \(wanted.quantity) units asked, \(out) can still come back")
            }
        }
        let expires = now.addingTimeInterval(Double(days) * 86_400)
        let number = try await transaction { connection in
            let rows = try await connection.query("SELECT nextval('rma_numbers')", logger: logger)
            var sequence: Int64 = 0
            for try await value in rows.decode(Int64.self) { sequence = value }
            let digits = String(sequence)
            let number = "RMA-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            try await connection.query("""
                INSERT INTO rmas (number, order_number, created_by, created_at, expires_at)
                VALUES (\(number), \(order.number), \(createdBy), \(now), \(expires))
                """, logger: logger)
            for line in request.lines {
                try await connection.query("""
                    INSERT INTO rma_lines (rma_number, order_line, quantity_authorised)
                    VALUES (\(number), \(line.orderLine), \(line.quantity))
                    """, logger: logger)
            }
            return number
        }
        guard let rma = try await rma(number, now: now) else { throw LedgerError(.internal, "RMA \(number) vanished after insert") }
        return rma
    }

    /// An RMA with its order and what is left of it; status judged at `now`.
    public func rma(_ number: String, now: Date = Date(), forStation station: String? = nil) async throws -> RMADTO? {
        let rows = try await client.query("""
            SELECT order_number, created_by, (extract(epoch FROM created_at) * 1000)::bigint,
                (extract(epoch FROM expires_at) * 1000)::bigint, cancelled_at IS NOT NULL
            FROM rmas WHERE number = \(number)
            """, logger: logger)
        var header: (String, String, Int64, Int64, Bool)?
        for try await row in rows.decode((String, String, Int64, Int64, Bool).self) { header = row }
        guard let header, let order = try await order(header.0, forStation: station) else { return nil }
        let (orderNumber, createdBy, createdAt, expiresAt, cancelled) = header
        var lines: [RMALineDTO] = []
        let lineRows = try await client.query("""
            SELECT order_line, quantity_authorised, quantity_returned FROM rma_lines WHERE rma_number = \(number) ORDER BY order_line
            """, logger: logger)
        for try await (line, authorised, returned) in lineRows.decode((Int, Int, Int).self) {
            lines.append(RMALineDTO(orderLine: line, quantityAuthorised: authorised, quantityReturned: returned))
        }
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        let status: RMAStatus = cancelled ? .cancelled : nowMillis >= expiresAt ? .expired
            : lines.allSatisfy({ $0.quantityRemaining == 0 }) ? .completed : .open
        return RMADTO(number: number, orderNumber: orderNumber, status: status, createdBy: createdBy,
                      createdAtMillis: createdAt, expiresAtMillis: expiresAt, lines: lines, order: order)
    }

    /// Cancels an RMA; notes closed from now on are refused under it. Cancelling again changes nothing.
    public func cancelRMA(_ number: String) async throws -> RMADTO {
        let rows = try await client.query("""
            UPDATE rmas SET cancelled_at = COALESCE(cancelled_at, now()) WHERE number = \(number) RETURNING number
            """, logger: logger)
        for try await _ in rows {
            if let rma = try await rma(number) { return rma }
        }
        throw LedgerError(.notFound, "no RMA \(number)")
    }
}
