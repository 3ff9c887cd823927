import Foundation

/// A credit note (红字发票) the ledger issued for the accepted lines of one return note.
///
/// Amounts are integer minor units of `currency`, computed per line with ReturnsCore's `RefundPolicy`
/// (fee and tax each rounded half away from zero per line); totals are sums of the lines.
public struct CreditNoteDTO: Codable, Hashable, Sendable {
    /// Gapless: `CN-000001`, `CN-000002`, …
    public var number: String
    public var noteID: UUID
    public var orderNumber: String
    public var customer: String
    public var currency: String
    public var grossMinor: Int64
    public var feeMinor: Int64
    public var taxMinor: Int64
    public var refundMinor: Int64
    public var refundStatus: RefundStatus
    public var paidAtMillis: Int64?
    public var paymentReference: String?
    public var lines: [CreditNoteLineDTO]

    public init(number: String, noteID: UUID, orderNumber: String, customer: String, currency: String,
                grossMinor: Int64, feeMinor: Int64, taxMinor: Int64, refundMinor: Int64, refundStatus: RefundStatus,
                paidAtMillis: Int64?, paymentReference: String?, lines: [CreditNoteLineDTO]) {
        self.number = number
        self.noteID = noteID
        self.orderNumber = orderNumber
        self.customer = customer
        self.currency = currency
        self.grossMinor = grossMinor
        self.feeMinor = feeMinor
        self.taxMinor = taxMinor
        self.refundMinor = refundMinor
        self.refundStatus = refundStatus
        self.paidAtMillis = paidAtMillis
        self.paymentReference = paymentReference
        self.lines = lines
    }
}

/// One priced line of a credit note.
public struct CreditNoteLineDTO: Codable, Hashable, Sendable {
    public var orderLine: Int
    public var sku: String
    public var quantity: Int
    public var unitPriceMinor: Int64
    public var taxRateBasisPoints: Int
    /// Restocking fee rate applied (0 when waived by the reason).
    public var feeBasisPoints: Int
    public var grossMinor: Int64
    public var feeMinor: Int64
    public var taxMinor: Int64
    public var refundMinor: Int64

    public init(orderLine: Int, sku: String, quantity: Int, unitPriceMinor: Int64, taxRateBasisPoints: Int,
                feeBasisPoints: Int, grossMinor: Int64, feeMinor: Int64, taxMinor: Int64, refundMinor: Int64) {
        self.orderLine = orderLine
        self.sku = sku
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.taxRateBasisPoints = taxRateBasisPoints
        self.feeBasisPoints = feeBasisPoints
        self.grossMinor = grossMinor
        self.feeMinor = feeMinor
        self.taxMinor = taxMinor
        self.refundMinor = refundMinor
    }
}

/// Whether the customer has been paid the refund.
public enum RefundStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case pending, paid
}
