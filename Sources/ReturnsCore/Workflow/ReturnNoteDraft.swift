/// The return note (退货单) a closed session produces; the store gives it its gapless number.
public struct ReturnNoteDraft: Hashable, Sendable, Codable {
    /// UUID; the ledger's idempotency key.
    public var id: String
    public var sessionID: String
    public var orderNumber: String
    public var rmaNumber: String?
    public var customer: String
    public var lane: String
    public var operatorID: String?
    public var closedAtMillis: Int64
    public var currency: String
    public var lines: [ReturnNoteLine]
    /// ``RefundPolicy/id`` of the policy the lines were priced by; the ledger prices by the same one. Nil only for
    /// notes stored before stations recorded it (the ledger then uses its current policy).
    public var refundPolicyID: String?

    public init(id: String, sessionID: String, orderNumber: String, rmaNumber: String?, customer: String, lane: String,
                operatorID: String?, closedAtMillis: Int64, currency: String, lines: [ReturnNoteLine], refundPolicyID: String?) {
        self.id = id
        self.sessionID = sessionID
        self.orderNumber = orderNumber
        self.rmaNumber = rmaNumber
        self.customer = customer
        self.lane = lane
        self.operatorID = operatorID
        self.closedAtMillis = closedAtMillis
        self.currency = currency
        self.lines = lines
        self.refundPolicyID = refundPolicyID
    }

    /// The sum of the lines' refunds; `build` has checked that it fits.
    public var refundTotal: Money {
        Money(minorUnits: lines.reduce(0) { $0 + $1.money.refund.minorUnits }, currency: currency)
    }
}

/// One line of a return note: a quantity of one order line with one inspection.
public struct ReturnNoteLine: Hashable, Sendable, Codable {
    public var orderLine: Int
    public var sku: String
    public var gtin: GTIN
    public var description: String
    public var quantity: Int
    public var inspection: Inspection
    public var serials: [String]
    public var lots: [String]
    public var unitPrice: Money
    public var taxRateBasisPoints: Int
    public var money: RefundBreakdown
    /// The supervisor's approval that let these units through after a refusal; such units get a line of their own.
    public var override: ExceptionOverride?

    public init(orderLine: Int, sku: String, gtin: GTIN, description: String, quantity: Int, inspection: Inspection,
                serials: [String], lots: [String], unitPrice: Money, taxRateBasisPoints: Int, money: RefundBreakdown,
                override: ExceptionOverride? = nil) {
        self.orderLine = orderLine
        self.sku = sku
        self.gtin = gtin
        self.description = description
        self.quantity = quantity
        self.inspection = inspection
        self.serials = serials
        self.lots = lots
        self.unitPrice = unitPrice
        self.taxRateBasisPoints = taxRateBasisPoints
        self.money = money
        self.override = override
    }
}

extension ReturnNoteDraft {
    /// Groups counted items by order line and inspection, in order-line order, and prices each group.
    /// Throws when an amount is beyond `OrderLimits` (only an order stored before the limits can be).
    static func build(
        id: String, session: LaneSession, order: SalesOrder, closedAtMillis: Int64, policy: RefundPolicy
    ) throws(MoneyOverflow) -> ReturnNoteDraft {
        struct Key: Hashable { let line: Int; let inspection: Inspection; let override: ExceptionOverride? }
        var groups: [Key: [SessionItem]] = [:]
        var keys: [Key] = []
        for item in session.countedItems {
            let key = Key(line: item.line, inspection: item.inspection, override: item.override)
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(item)
        }
        // By order line, then in the order the inspections were first seen: stable and deterministic.
        let ordered = keys.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        var lines: [ReturnNoteLine] = []
        var total: Int64 = 0
        for key in ordered {
            guard let orderLine = order.line(key.line), let items = groups[key] else { continue }
            let quantity = items.reduce(0) { $0 + $1.quantity }
            let money = try policy.refund(unitPrice: orderLine.unitPrice, quantity: quantity,
                                          taxRateBasisPoints: orderLine.taxRateBasisPoints, inspection: key.inspection)
            let (sum, overflow) = total.addingReportingOverflow(money.refund.minorUnits)
            guard !overflow else { throw MoneyOverflow("the note's refund total") }
            total = sum
            lines.append(ReturnNoteLine(
                orderLine: key.line, sku: orderLine.sku, gtin: orderLine.gtin, description: orderLine.description,
                quantity: quantity, inspection: key.inspection,
                serials: items.compactMap(\.serial), lots: Array(Set(items.compactMap(\.lot))).sorted(),
                unitPrice: orderLine.unitPrice, taxRateBasisPoints: orderLine.taxRateBasisPoints,
                money: money, override: key.override
            ))
        }
        return ReturnNoteDraft(
            id: id, sessionID: session.id, orderNumber: order.number, rmaNumber: session.rmaNumber,
            customer: order.customer, lane: session.lane, operatorID: session.operatorID,
            closedAtMillis: closedAtMillis, currency: order.currency ?? "EUR", lines: lines,
            refundPolicyID: policy.id
        )
    }
}
