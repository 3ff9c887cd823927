/// An RMA as read under lock while a note that names it is judged.
struct LockedRMA: Sendable, Hashable {
    var number: String
    var orderNumber: String
    var expiresAtMillis: Int64
    var cancelledAtMillis: Int64?
    /// Units still authorised, per order line.
    var remaining: [Int: Int]

    /// Judged at the note's close: a note closed before expiry or cancellation is honoured even if it arrives later.
    func refusal(orderNumber note: String, closedAtMillis: Int64) -> String? {
        if orderNumber != note { return "RMA \(number) is for order \(orderNumber), not \(note)" }
        if let cancelled = cancelledAtMillis, closedAtMillis >= cancelled { return "RMA \(number) was cancelled" }
        if closedAtMillis >= expiresAtMillis { return "RMA \(number) had expired when the note closed" }
        return nil
    }
}
