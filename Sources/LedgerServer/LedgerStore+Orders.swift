import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// Imports orders (from `OrderImport.parse`) in one transaction: all or nothing.
    ///
    /// An order already known is updated line by line; lines missing from the file stay as they are, and
    /// returned quantities are kept (a line cannot be re-imported with fewer units sold than came back).
    /// Each imported order gets a new feed cursor, so stations pick the change up.
    public func importOrders(_ orders: [SalesOrder]) async throws -> Int {
        guard !orders.isEmpty else { return 0 }
        let sorted = orders.sorted { $0.number < $1.number }  // one lock order for every writer
        do {
            return try await transaction { connection in
                for order in sorted { try await upsert(order, on: connection) }
                try await bumpFeedCursors(sorted.map(\.number), on: connection)
                return sorted.count
            }
        } catch let error as PSQLError where error.sqlState == "23514" {
            throw LedgerError(.invalidRequest, "an imported line sells fewer units than were already returned (\(error.constraintName ?? "check"))")
        }
    }

    /// Gives each order the next feed cursor, in the given order. Takes the `order_change` counter's row lock,
    /// held until commit: cursors become visible in the order they were handed out. Call it last in a transaction.
    func bumpFeedCursors(_ numbers: [String], on connection: PostgresConnection) async throws {
        let rows = try await connection.query("""
            UPDATE counters SET value = value + \(numbers.count) WHERE name = 'order_change' RETURNING value
            """, logger: logger)
        var last: Int64 = 0
        for try await value in rows.decode(Int64.self) { last = value }
        let cursors = (0..<Int64(numbers.count)).map { last - Int64(numbers.count) + 1 + $0 }
        try await connection.query("""
            INSERT INTO order_feed (order_number, change_seq) SELECT * FROM unnest(\(numbers)::text[], \(cursors)::bigint[])
            ON CONFLICT (order_number) DO UPDATE SET change_seq = EXCLUDED.change_seq
            """, logger: logger)
    }

    private func upsert(_ order: SalesOrder, on connection: PostgresConnection) async throws {
        let currency = order.currency ?? "EUR"
        try await connection.query("""
            INSERT INTO orders (number, customer, currency) VALUES (\(order.number), \(order.customer), \(currency))
            ON CONFLICT (number) DO UPDATE SET customer = EXCLUDED.customer, currency = EXCLUDED.currency, imported_at = now()
            """, logger: logger)
        for line in order.lines {
            try await connection.query("""
                INSERT INTO order_lines (order_number, line, sku, gtin, description, quantity_sold, unit_price_minor,
                    tax_rate_bp, serials_sold, lot, returnable, delivered_on, return_days)
                VALUES (\(order.number), \(line.line), \(line.sku), \(line.gtin.digits), \(line.description),
                    \(line.quantitySold), \(line.unitPrice.minorUnits), \(line.taxRateBasisPoints), \(line.serialsSold),
                    \(line.lot), \(line.returnable), \(line.deliveredOn.iso)::date, \(line.returnDays))
                ON CONFLICT (order_number, line) DO UPDATE SET sku = EXCLUDED.sku, gtin = EXCLUDED.gtin,
                    description = EXCLUDED.description, quantity_sold = EXCLUDED.quantity_sold,
                    unit_price_minor = EXCLUDED.unit_price_minor, tax_rate_bp = EXCLUDED.tax_rate_bp,
                    serials_sold = EXCLUDED.serials_sold, lot = EXCLUDED.lot, returnable = EXCLUDED.returnable,
                    delivered_on = EXCLUDED.delivered_on, return_days = EXCLUDED.return_days
                """, logger: logger)
        }
    }

    /// One order with its cross-station return totals, or nil. With `station`, each line also says what the
    /// other stations returned, read in the same statement as the total.
    public func order(_ number: String, forStation station: String? = nil) async throws -> OrderDTO? {
        try await orders(numbers: [number], forStation: station).first
    }

    /// Orders changed after `cursor`, oldest change first.
    ///
    /// Cursors are handed out under the `order_change` counter's row lock, held until commit, so a change with a
    /// lower cursor is always visible before one with a higher cursor: a reader never skips a change.
    ///
    /// The next cursor is the last `change_seq` of the rows this page selected, never one read again with the
    /// orders: an order changed between the two reads would carry a newer cursor and push `nextCursor` past
    /// every change in between that the page does not hold.
    public func orderFeed(after cursor: Int64, limit: Int, forStation station: String? = nil) async throws -> OrderFeedPage {
        let rows = try await client.query("""
            SELECT order_number, change_seq FROM order_feed WHERE change_seq > \(cursor) ORDER BY change_seq LIMIT \(limit + 1)
            """, logger: logger)
        var selected: [(number: String, cursor: Int64)] = []
        for try await (number, seq) in rows.decode((String, Int64).self) { selected.append((number, seq)) }
        let hasMore = selected.count > limit
        let page = Array(selected.prefix(limit))
        let position = Dictionary(page.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { a, _ in a })
        let orders = try await orders(numbers: page.map(\.number), forStation: station).sorted {
            (position[$0.number] ?? 0) < (position[$1.number] ?? 0)
        }
        return OrderFeedPage(orders: orders, nextCursor: page.last?.cursor ?? cursor, hasMore: hasMore)
    }

    /// Orders by number in two queries (headers, then lines with their returned serials).
    func orders(numbers: [String], forStation station: String? = nil, on connection: PostgresConnection? = nil) async throws -> [OrderDTO] {
        guard !numbers.isEmpty else { return [] }
        let headerQuery: PostgresQuery = """
            SELECT o.number, o.customer, o.currency, f.change_seq FROM orders o JOIN order_feed f ON f.order_number = o.number
            WHERE o.number = ANY(\(numbers))
            """
        let lineQuery: PostgresQuery = """
            SELECT l.order_number, l.line, l.sku, l.gtin, l.description, l.quantity_sold, l.unit_price_minor,
                l.tax_rate_bp, l.serials_sold, l.lot, l.returnable, l.delivered_on::text, l.return_days,
                l.quantity_returned,
                COALESCE((SELECT array_agg(s.serial ORDER BY s.serial) FROM returned_serials s
                          WHERE s.order_number = l.order_number AND s.order_line = l.line), '{}'::text[]),
                -- what the asking station itself returned, in the same snapshot as the totals above
                COALESCE((SELECT sum(r.quantity) FROM return_lines r JOIN return_notes n ON n.id = r.note_id
                          WHERE n.order_number = l.order_number AND r.order_line = l.line AND r.accepted
                            AND n.station = \(station ?? "")), 0)::integer,
                COALESCE((SELECT array_agg(s.serial ORDER BY s.serial) FROM returned_serials s JOIN return_notes n ON n.id = s.note_id
                          WHERE s.order_number = l.order_number AND s.order_line = l.line AND n.station = \(station ?? "")), '{}'::text[])
            FROM order_lines l WHERE l.order_number = ANY(\(numbers)) ORDER BY l.order_number, l.line
            """
        let run: (PostgresConnection) async throws -> [OrderDTO] = { connection in
            var orders: [String: OrderDTO] = [:]
            let headers = try await connection.query(headerQuery, logger: logger)
            for try await (number, customer, currency, cursor) in headers.decode((String, String, String, Int64).self) {
                orders[number] = OrderDTO(number: number, customer: customer, currency: currency, changeCursor: cursor, lines: [])
            }
            let lines = try await connection.query(lineQuery, logger: logger)
            for try await row in lines {
                let (number, line, sku, gtin, description, sold, price, tax, serials, lot, returnable, delivered, days,
                     returned, serialsReturned, returnedByAsker, serialsByAsker) = try row.decode(
                        (String, Int, String, String, String, Int, Int64, Int, [String], String?, Bool, String, Int, Int,
                         [String], Int, [String]).self)
                var dto = OrderLineDTO(
                    line: line, sku: sku, gtin: gtin, description: description, quantitySold: sold, unitPriceMinor: price,
                    taxRateBasisPoints: tax, serialsSold: serials, lot: lot, returnable: returnable, deliveredOn: delivered,
                    returnDays: days, quantityReturned: returned, serialsReturned: serialsReturned)
                if station != nil {
                    dto.quantityReturnedByOthers = returned - returnedByAsker
                    let mine = Set(serialsByAsker)
                    dto.serialsReturnedByOthers = serialsReturned.filter { !mine.contains($0) }
                }
                orders[number]?.lines.append(dto)
            }
            return numbers.compactMap { orders[$0] }
        }
        if let connection { return try await run(connection) }
        return try await client.withConnection { try await run($0) }
    }
}
