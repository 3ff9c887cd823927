import GRDB
import ReturnsCore

/// What a restarted station picks up: open sessions with their items, their orders, lane operators.
public struct RestoredState: Sendable {
    public var sessions: [LaneSession]
    public var orders: [SalesOrder]
    public var laneOperators: [String: String]
}

extension StationStore {
    public func restoreOpenState() throws(StoreError) -> RestoredState {
        try read { db in
            var sessions: [LaneSession] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sessions WHERE status = 'open' ORDER BY opened_at") {
                let id: String = row["id"]
                let items = try Row.fetchAll(db, sql: "SELECT * FROM session_items WHERE session_id = ? ORDER BY rowid",
                                             arguments: [id]).map(Self.item)
                sessions.append(LaneSession(
                    id: id, lane: row["lane"], orderNumber: row["order_number"], rmaNumber: row["rma_number"],
                    operatorID: row["operator"], openedAtMillis: row["opened_at"],
                    defaults: try Self.inspection(row, "default_condition", "default_reason", "default_disposition"),
                    pendingQuantity: row["pending_quantity"],
                    authorised: (row["authorised"] as String?).map(AuthorisationText.decode), items: items))
            }
            var orders: [SalesOrder] = []
            for number in Set(sessions.map(\.orderNumber)).sorted() {
                guard let order = try Self.fetchOrder(db, number: number) else {
                    throw StoreError(.corrupt, "open session refers to order \(number), which is not in the store")
                }
                orders.append(order)
            }
            let operators = try Row.fetchAll(db, sql: "SELECT lane, operator FROM lane_operators WHERE operator IS NOT NULL")
            return RestoredState(sessions: sessions, orders: orders,
                                 laneOperators: Dictionary(operators.map { ($0["lane"], $0["operator"]) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    static func item(_ row: Row) throws -> SessionItem {
        let gtinText: String = row["gtin"]
        guard let gtin = try? GTIN(gtinText) else { throw StoreError(.corrupt, "session item has GTIN '\(gtinText)' that does not parse") }
        return SessionItem(scanID: row["scan_id"], line: row["line"], gtin: gtin, quantity: row["quantity"], serial: row["serial"],
                           lot: row["lot"], expiry: row["expiry"],
                           inspection: try inspection(row, "condition", "reason", "disposition"), undone: row["undone"],
                           override: try OverrideColumns.read(row))
    }

    static func inspection(_ row: Row, _ c: String, _ r: String, _ d: String) throws -> Inspection {
        guard let condition = ItemCondition(rawValue: row[c]), let reason = ReturnReason(rawValue: row[r]),
              let disposition = Disposition(rawValue: row[d]) else {
            throw StoreError(.corrupt, "unknown inspection values \(row[c] as String? ?? "")/\(row[r] as String? ?? "")/\(row[d] as String? ?? "")")
        }
        return Inspection(condition: condition, reason: reason, disposition: disposition)
    }
}
