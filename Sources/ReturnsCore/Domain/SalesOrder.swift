/// A sales order as the station knows it: what was sold, and what has been returned before this station's open sessions.
public struct SalesOrder: Hashable, Sendable, Codable {
    public var number: String
    public var customer: String
    public var lines: [OrderLine]

    public init(number: String, customer: String, lines: [OrderLine]) {
        self.number = number
        self.customer = customer
        self.lines = lines.sorted { $0.line < $1.line }
    }

    public func line(_ number: Int) -> OrderLine? { lines.first { $0.line == number } }

    public var currency: String? { lines.first?.unitPrice.currency }
}

/// One line of a sales order.
public struct OrderLine: Hashable, Sendable, Codable {
    public var line: Int
    public var sku: String
    public var gtin: GTIN
    public var description: String
    public var quantitySold: Int
    public var unitPrice: Money
    /// Tax rate in basis points of the net price (1900 = 19 %).
    public var taxRateBasisPoints: Int
    /// Serials sold on this line; a non-empty list makes the line serial-tracked.
    public var serialsSold: [String]
    /// The lot sold, where the line is lot-tracked.
    public var lot: String?
    public var returnable: Bool
    public var deliveredOn: LocalDate
    public var returnDays: Int
    /// Units returned before (ledger-known, plus this station's closed notes).
    public var quantityReturned: Int
    /// Serials returned before (ledger-known, plus this station's closed notes).
    public var serialsReturned: Set<String>

    public init(
        line: Int, sku: String, gtin: GTIN, description: String = "", quantitySold: Int, unitPrice: Money,
        taxRateBasisPoints: Int = 0, serialsSold: [String] = [], lot: String? = nil, returnable: Bool = true,
        deliveredOn: LocalDate, returnDays: Int, quantityReturned: Int = 0, serialsReturned: Set<String> = []
    ) {
        self.line = line
        self.sku = sku
        self.gtin = gtin
        self.description = description
        self.quantitySold = quantitySold
        self.unitPrice = unitPrice
        self.taxRateBasisPoints = taxRateBasisPoints
        self.serialsSold = serialsSold
        self.lot = lot
        self.returnable = returnable
        self.deliveredOn = deliveredOn
        self.returnDays = returnDays
        self.quantityReturned = quantityReturned
        self.serialsReturned = serialsReturned
    }

    public var isSerialTracked: Bool { !serialsSold.isEmpty }

    /// The last day a return is accepted.
    public var lastReturnDay: LocalDate { deliveredOn.adding(days: returnDays) }
}
