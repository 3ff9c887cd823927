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

    /// The refund of one note line.
    public func refund(unitPrice: Money, quantity: Int, taxRateBasisPoints: Int, inspection: Inspection) -> RefundBreakdown {
        let gross = unitPrice.minorUnits * Int64(quantity)
        let fee = RefundPolicy.roundedShare(of: gross, basisPoints: feeBasisPoints(condition: inspection.condition, reason: inspection.reason))
        let tax = RefundPolicy.roundedShare(of: gross - fee, basisPoints: taxRateBasisPoints)
        let currency = unitPrice.currency
        return RefundBreakdown(
            gross: Money(minorUnits: gross, currency: currency), fee: Money(minorUnits: fee, currency: currency),
            tax: Money(minorUnits: tax, currency: currency), refund: Money(minorUnits: gross - fee + tax, currency: currency)
        )
    }

    /// `amount × basisPoints / 10 000`, rounded half away from zero.
    public static func roundedShare(of amount: Int64, basisPoints: Int) -> Int64 {
        let product = amount * Int64(basisPoints)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        if remainder.magnitude * 2 >= 10_000 { return quotient + (product < 0 ? -1 : 1) }
        return quotient
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
