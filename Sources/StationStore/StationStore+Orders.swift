import GRDB
import ReturnsCore

extension StationStore {
    /// Adds or replaces orders from a file, all or nothing. Returns how many were written.
    ///
    /// What the file says was returned elsewhere never lowers what the store already knows (from the ledger or
    /// an earlier file): an order re-imported from the ERP's export, which knows nothing of returns, must not
    /// hand back units another station has taken.
    @discardableResult
    public func importOrders(_ orders: [SalesOrder], source: String, atMillis now: Int64) throws(StoreError) -> Int {
        try write { db in try Self.writeOrders(orders, source: source, now: now, keepKnownReturns: true, db) }
    }

    /// `importOrders` on GRDB's queue, for the running daemon (`returnsctl import-orders`).
    @discardableResult
    public func importOrdersAsync(_ orders: [SalesOrder], source: String, atMillis now: Int64) async throws(StoreError) -> Int {
        try await writeAsync { db in try Self.writeOrders(orders, source: source, now: now, keepKnownReturns: true, db) }
    }

    @discardableResult
    static func writeOrders(_ orders: [SalesOrder], source: String, now: Int64, keepKnownReturns: Bool = false, _ db: Database) throws -> Int {
            for var order in orders {
                if keepKnownReturns { try keepReturnsKnown(&order, db) }
                try db.execute(sql: """
                    INSERT INTO orders(number, customer, source, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(number) DO UPDATE SET customer = excluded.customer, source = excluded.source, updated_at = excluded.updated_at
                    """, arguments: [order.number, order.customer, source, now])
                try db.execute(sql: "DELETE FROM order_lines WHERE order_number = ?", arguments: [order.number])
                for line in order.lines {
                    try db.execute(sql: """
                        INSERT INTO order_lines(order_number, line, sku, gtin, description, quantity, unit_price_minor, currency,
                            tax_rate_bp, lot, returnable, delivered_on, return_days, returned_elsewhere)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [order.number, line.line, line.sku, line.gtin.digits, line.description, line.quantitySold,
                                         line.unitPrice.minorUnits, line.unitPrice.currency, line.taxRateBasisPoints, line.lot,
                                         line.returnable, line.deliveredOn.iso, line.returnDays, line.quantityReturned])
                    for serial in line.serialsSold {
                        try db.execute(sql: "INSERT INTO order_serials(order_number, line, serial, returned_elsewhere) VALUES (?, ?, ?, ?)",
                                       arguments: [order.number, line.line, serial, line.serialsReturned.contains(serial)])
                    }
                }
            }
            return orders.count
    }

    /// Raises the order's returned-elsewhere figures to what the store already holds for it.
    private static func keepReturnsKnown(_ order: inout SalesOrder, _ db: Database) throws {
        let known = try Dictionary(Row.fetchAll(db, sql: "SELECT line, returned_elsewhere FROM order_lines WHERE order_number = ?",
                                                arguments: [order.number]).map { ($0["line"] as Int, $0["returned_elsewhere"] as Int) },
                                   uniquingKeysWith: max)
        let knownSerials = try Row.fetchAll(db, sql: "SELECT line, serial FROM order_serials WHERE order_number = ? AND returned_elsewhere",
                                            arguments: [order.number])
        for index in order.lines.indices {
            let line = order.lines[index].line
            order.lines[index].quantityReturned = max(order.lines[index].quantityReturned, known[line] ?? 0)
            for row in knownSerials where (row["line"] as Int) == line { order.lines[index].serialsReturned.insert(row["serial"]) }
        }
    }

    /// The order with everything returned before: as known from outside, plus this station's notes.
    public func order(_ number: String) throws(StoreError) -> SalesOrder? {
        try read { db in try Self.fetchOrder(db, number: number) }
    }

    public func orderCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0 }
    }

    static func fetchOrder(_ db: Database, number: String) throws -> SalesOrder? {
        guard let customer = try String.fetchOne(db, sql: "SELECT customer FROM orders WHERE number = ?", arguments: [number]) else {
            return nil
        }
        let returnedHere = try Dictionary(
            Row.fetchAll(db, sql: """
                SELECT rl.order_line AS line, SUM(COALESCE(rl.accepted_quantity, rl.quantity)) AS quantity FROM return_lines rl
                JOIN return_notes n ON n.id = rl.note_id WHERE n.order_number = ? GROUP BY rl.order_line
                """, arguments: [number]).map { (row: Row) -> (Int, Int) in (row["line"], row["quantity"]) },
            uniquingKeysWith: +)
        let serialRows = try Row.fetchAll(db, sql: """
            SELECT line, serial, returned_elsewhere FROM order_serials WHERE order_number = ? ORDER BY rowid
            """, arguments: [number])
        let serialsReturnedHere = try Row.fetchAll(db, sql: "SELECT line, serial FROM return_serials WHERE order_number = ?", arguments: [number])
        var lines: [OrderLine] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM order_lines WHERE order_number = ? ORDER BY line", arguments: [number]) {
            let lineNumber: Int = row["line"]
            let gtinText: String = row["gtin"]
            let deliveredText: String = row["delivered_on"]
            guard let gtin = try? GTIN(gtinText), let delivered = LocalDate(iso: deliveredText) else {
                throw StoreError(.corrupt, "order \(number) line \(lineNumber) has GTIN '\(gtinText)' / date '\(deliveredText)' that do not parse")
            }
            let mine = serialRows.filter { ($0["line"] as Int) == lineNumber }
            var returned = Set(mine.filter { ($0["returned_elsewhere"] as Bool) }.map { $0["serial"] as String })
            returned.formUnion(serialsReturnedHere.filter { ($0["line"] as Int) == lineNumber }.map { $0["serial"] as String })
            lines.append(OrderLine(
                line: lineNumber, sku: row["sku"], gtin: gtin, description: row["description"], quantitySold: row["quantity"],
                unitPrice: Money(minorUnits: row["unit_price_minor"], currency: row["currency"]),
                taxRateBasisPoints: row["tax_rate_bp"], serialsSold: mine.map { $0["serial"] }, lot: row["lot"],
                returnable: row["returnable"], deliveredOn: delivered, returnDays: row["return_days"],
                quantityReturned: (row["returned_elsewhere"] as Int) + (returnedHere[lineNumber] ?? 0),
                serialsReturned: returned))
        }
        return SalesOrder(number: number, customer: customer, lines: lines)
    }
}
