import ReturnsCore

/// An order line as read under `SELECT … FOR UPDATE` while a note is judged.
struct LockedOrderLine: Sendable, Hashable {
    var line: Int
    var sku: String
    var gtin: String
    var quantitySold: Int
    var quantityReturned: Int
    var unitPriceMinor: Int64
    var taxRateBasisPoints: Int
    var serialsSold: [String]
    var returnable: Bool
    var deliveredOn: LocalDate
    var returnDays: Int

    var isSerialTracked: Bool { !serialsSold.isEmpty }
    var lastReturnDay: LocalDate { deliveredOn.adding(days: returnDays) }
}
