/// `GET /v1/analytics/returns?from=YYYY-MM-DD&to=YYYY-MM-DD`: accepted units of notes closed in the period
/// (both days included, UTC), totalled by reason, condition and disposition.
public struct ReturnsAnalyticsDTO: Codable, Hashable, Sendable {
    public var from: String
    public var to: String
    public var notes: Int
    public var quantity: Int
    public var refundMinorByCurrency: [String: Int64]
    public var byReason: [AnalyticsBucket]
    public var byCondition: [AnalyticsBucket]
    public var byDisposition: [AnalyticsBucket]
    /// Refused units by refusal reason.
    public var refused: [AnalyticsBucket]

    public init(from: String, to: String, notes: Int, quantity: Int, refundMinorByCurrency: [String: Int64],
                byReason: [AnalyticsBucket], byCondition: [AnalyticsBucket], byDisposition: [AnalyticsBucket],
                refused: [AnalyticsBucket]) {
        self.from = from
        self.to = to
        self.notes = notes
        self.quantity = quantity
        self.refundMinorByCurrency = refundMinorByCurrency
        self.byReason = byReason
        self.byCondition = byCondition
        self.byDisposition = byDisposition
        self.refused = refused
    }
}

/// Units and note lines for one key (a reason, condition, disposition or refusal).
public struct AnalyticsBucket: Codable, Hashable, Sendable {
    public var key: String
    public var quantity: Int
    public var lines: Int

    public init(key: String, quantity: Int, lines: Int) {
        self.key = key
        self.quantity = quantity
        self.lines = lines
    }
}
