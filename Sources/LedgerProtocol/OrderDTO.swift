/// An order as the ledger serves it (`GET /v1/orders/{number}` and the feed): what was sold, and what all stations
/// together have returned so far.
public struct OrderDTO: Codable, Hashable, Sendable {
    public var number: String
    public var customer: String
    /// ISO 4217 code; every line of an order is in this currency.
    public var currency: String
    /// The feed cursor of the order's latest change (import or accepted return).
    public var changeCursor: Int64
    public var lines: [OrderLineDTO]

    public init(number: String, customer: String, currency: String, changeCursor: Int64, lines: [OrderLineDTO]) {
        self.number = number
        self.customer = customer
        self.currency = currency
        self.changeCursor = changeCursor
        self.lines = lines
    }
}

/// One order line with its cross-station return totals.
public struct OrderLineDTO: Codable, Hashable, Sendable {
    public var line: Int
    public var sku: String
    public var gtin: String
    public var description: String
    public var quantitySold: Int
    /// Net of tax, in minor units of the order's currency.
    public var unitPriceMinor: Int64
    /// Basis points of the net price (1900 = 19 %).
    public var taxRateBasisPoints: Int
    /// A non-empty list makes the line serial-tracked.
    public var serialsSold: [String]
    public var lot: String?
    public var returnable: Bool
    /// `YYYY-MM-DD`.
    public var deliveredOn: String
    public var returnDays: Int
    /// Units accepted back so far, across all stations.
    public var quantityReturned: Int
    /// Serials accepted back so far, across all stations.
    public var serialsReturned: [String]
    /// Of `quantityReturned`, what stations other than the asking one returned (absent when the caller is not a
    /// station). Read in the same snapshot as the total: a station adds its own notes to this figure, so a note
    /// the ledger accepted but the station has not yet recorded as delivered is never counted twice.
    public var quantityReturnedByOthers: Int?
    /// Of `serialsReturned`, those other stations returned.
    public var serialsReturnedByOthers: [String]?

    public init(line: Int, sku: String, gtin: String, description: String, quantitySold: Int, unitPriceMinor: Int64,
                taxRateBasisPoints: Int, serialsSold: [String], lot: String?, returnable: Bool, deliveredOn: String,
                returnDays: Int, quantityReturned: Int, serialsReturned: [String],
                quantityReturnedByOthers: Int? = nil, serialsReturnedByOthers: [String]? = nil) {
        self.line = line
        self.sku = sku
        self.gtin = gtin
        self.description = description
        self.quantitySold = quantitySold
        self.unitPriceMinor = unitPriceMinor
        self.taxRateBasisPoints = taxRateBasisPoints
        self.serialsSold = serialsSold
        self.lot = lot
        self.returnable = returnable
        self.deliveredOn = deliveredOn
        self.returnDays = returnDays
        self.quantityReturned = quantityReturned
        self.serialsReturned = serialsReturned
        self.quantityReturnedByOthers = quantityReturnedByOthers
        self.serialsReturnedByOthers = serialsReturnedByOthers
    }
}

/// One page of the incremental order feed (`GET /v1/orders?after=CURSOR&limit=N`).
///
/// Orders come in ascending `changeCursor`; pass `nextCursor` as `after` for the next page. An order changed twice
/// appears once, at its latest cursor. `hasMore` is true when the page was cut at `limit`.
public struct OrderFeedPage: Codable, Hashable, Sendable {
    public var orders: [OrderDTO]
    public var nextCursor: Int64
    public var hasMore: Bool

    public init(orders: [OrderDTO], nextCursor: Int64, hasMore: Bool) {
        self.orders = orders
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}
