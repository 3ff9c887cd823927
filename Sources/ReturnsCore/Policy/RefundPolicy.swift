/// How much of the price goes back to the customer.
///
/// Per note line: `gross = unit price × quantity`; `fee = gross × fee rate of the condition` (waived when
/// the reason is the seller's fault); `tax = (gross − fee) × tax rate`; `refund = gross − fee + tax`.
/// Unit prices are net of tax. Each of fee and tax is rounded once, per line, to the currency's minor
/// unit, half away from zero (commercial rounding); the note total is the sum of the rounded lines.
public struct RefundPolicy: Hashable, Sendable, Codable {
    /// Restocking fee per condition in basis points of the gross (1000 = 10 %).
    public var feeBasisPoints: [ItemCondition: Int]
    /// Reasons that are the seller's fault: no restocking fee whatever the condition.
    public var feeWaivedReasons: Set<ReturnReason>

    public static let standard = RefundPolicy(
        feeBasisPoints: [.new: 0, .opened: 1000, .damaged: 5000, .defective: 0, .missingParts: 2500],
        feeWaivedReasons: [.quality, .notAsDescribed, .wrongItemSent, .damagedInTransit, .orderError]
    )

    public init(feeBasisPoints: [ItemCondition: Int], feeWaivedReasons: Set<ReturnReason>) {
        self.feeBasisPoints = feeBasisPoints
        self.feeWaivedReasons = feeWaivedReasons
    }

    public func feeBasisPoints(condition: ItemCondition, reason: ReturnReason) -> Int {
        feeWaivedReasons.contains(reason) ? 0 : feeBasisPoints[condition] ?? 0
    }

    /// The refund of one note line. Checked arithmetic: amounts within `OrderLimits` never overflow, and
    /// anything beyond them is an error for the caller to refuse, never a trap.
    public func refund(unitPrice: Money, quantity: Int, taxRateBasisPoints: Int, inspection: Inspection) throws(MoneyOverflow) -> RefundBreakdown {
        let (gross, grossOverflow) = unitPrice.minorUnits.multipliedReportingOverflow(by: Int64(quantity))
        guard !grossOverflow else { throw MoneyOverflow("\(unitPrice) × \(quantity)") }
        let fee = try RefundPolicy.roundedShare(of: gross, basisPoints: feeBasisPoints(condition: inspection.condition, reason: inspection.reason))
        let (net, netOverflow) = gross.subtractingReportingOverflow(fee)
        guard !netOverflow else { throw MoneyOverflow("the gross less the fee") }
        let tax = try RefundPolicy.roundedShare(of: net, basisPoints: taxRateBasisPoints)
        let (refund, refundOverflow) = net.addingReportingOverflow(tax)
        guard !refundOverflow else { throw MoneyOverflow("the refund of \(unitPrice) × \(quantity)") }
        let currency = unitPrice.currency
        return RefundBreakdown(
            gross: Money(minorUnits: gross, currency: currency), fee: Money(minorUnits: fee, currency: currency),
            tax: Money(minorUnits: tax, currency: currency), refund: Money(minorUnits: refund, currency: currency)
        )
    }

    /// `amount × basisPoints / 10 000`, rounded half away from zero; the product is taken in 128 bits.
    public static func roundedShare(of amount: Int64, basisPoints: Int) throws(MoneyOverflow) -> Int64 {
        let product = Int128(amount) * Int128(basisPoints)
        var (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        if remainder.magnitude * 2 >= 10_000 { quotient += product < 0 ? -1 : 1 }
        guard let share = Int64(exactly: quotient) else { throw MoneyOverflow("\(basisPoints) basis points of \(amount)") }
        return share
    }
}

/// The money of one note line.
public struct RefundBreakdown: Hashable, Sendable, Codable {
    public var gross: Money
    public var fee: Money
    public var tax: Money
    public var refund: Money

    public init(gross: Money, fee: Money, tax: Money, refund: Money) {
        self.gross = gross
        self.fee = fee
        self.tax = tax
        self.refund = refund
    }
}
