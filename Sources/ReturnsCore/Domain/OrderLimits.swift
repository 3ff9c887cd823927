/// The largest orders the station and the ledger take in, at import and from the ledger's order feed.
///
/// Chosen so that nothing computed from an accepted order can overflow `Int64` (9.2 × 10^18 minor units):
/// an order is worth at most 10^14 minor units, a refund adds at most 100 % tax (2 × 10^14), and a fee or tax
/// share multiplies by at most 10,000 basis points before dividing (10^18). The refund arithmetic is checked
/// as well (`MoneyOverflow`), for stores written before these limits existed.
public enum OrderLimits {
    /// 10^12 minor units: 10,000,000,000.00 in a two-decimal currency, 10^12 yen.
    public static let maximumUnitPriceMinorUnits: Int64 = 1_000_000_000_000
    public static let maximumQuantity = 1_000_000
    public static let maximumLinesPerOrder = 10_000
    /// Σ unit price × quantity over an order's lines.
    public static let maximumOrderValueMinorUnits: Int64 = 100_000_000_000_000
    public static let maximumTaxRateBasisPoints = 10_000
    /// Order, note and RMA numbers, station names: what the ledger takes in a note (and the station's patterns allow).
    public static let maximumNumberLength = 64
    /// SKUs, serials, lots, people's names.
    public static let maximumTextLength = 128
    public static let maximumCustomerLength = 256
    public static let maximumDescriptionLength = 512
    /// Order line numbers (ERP numbering such as 10, 20, 30 fits); the ledger stores them as 32-bit integers.
    public static let maximumLineNumber = 999_999

    /// Why `text` cannot be stored as a name or number, or nil: 1 to `maximum` characters, no control characters
    /// (PostgreSQL refuses NUL, and nobody types the others).
    public static func textProblem(_ text: String, maximum: Int) -> String? {
        guard (1...maximum).contains(text.count) else { return "must be 1 to \(maximum) characters (\(text.count) given)" }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return "contains control characters" }
        return nil
    }

    /// An ISO 4217 code as orders and notes carry it: three uppercase ASCII letters.
    public static func isCurrencyCode(_ text: String) -> Bool {
        text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// What is wrong with one order line's amounts, or nil.
    public static func problem(unitPriceMinor: Int64, quantity: Int, taxRateBasisPoints: Int) -> (field: String, message: String)? {
        if unitPriceMinor < 0 || unitPriceMinor > maximumUnitPriceMinorUnits {
            return ("unit_price", "\(unitPriceMinor) minor units is outside 0…\(maximumUnitPriceMinorUnits) (docs/SECURITY.md, Limits)")
        }
        if quantity < 1 || quantity > maximumQuantity { return ("quantity", "\(quantity) is outside 1…\(maximumQuantity)") }
        if taxRateBasisPoints < 0 || taxRateBasisPoints > maximumTaxRateBasisPoints {
            return ("tax_rate", "\(taxRateBasisPoints) basis points is outside 0…\(maximumTaxRateBasisPoints)")
        }
        return nil
    }

    /// What is wrong with a whole order's size or value, or nil. Lines must already pass `problem`.
    public static func problem(of order: SalesOrder) -> String? {
        if order.lines.count > maximumLinesPerOrder {
            return "order \(order.number) has \(order.lines.count) lines; at most \(maximumLinesPerOrder)"
        }
        // Each term is at most 10^12 × 10^6 = 10^18 and the running sum stops at the first term past the
        // maximum, so the sum cannot overflow.
        var value: Int64 = 0
        for line in order.lines {
            value += line.unitPrice.minorUnits * Int64(line.quantitySold)
            if value > maximumOrderValueMinorUnits {
                return "order \(order.number) is worth more than \(Money(minorUnits: maximumOrderValueMinorUnits, currency: order.currency ?? "EUR")) (Σ unit price × quantity); split it or check the prices"
            }
        }
        return nil
    }
}

/// Refund arithmetic that would not fit in 64 bits: only possible for amounts beyond `OrderLimits`.
public struct MoneyOverflow: Error, Hashable, Sendable, CustomStringConvertible {
    public let what: String
    public init(_ what: String) { self.what = what }
    public var description: String { "\(what) does not fit in 64-bit minor units: an amount is beyond the limits in docs/SECURITY.md" }
}
