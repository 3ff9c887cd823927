/// One return in progress on one lane: the order it is for and the items counted so far.
public struct LaneSession: Hashable, Sendable, Codable {
    public var id: String
    public var lane: String
    public var orderNumber: String
    public var rmaNumber: String?
    public var operatorID: String?
    /// Wall-clock milliseconds since 1970 when the order was scanned.
    public var openedAtMillis: Int64
    /// Inspection the next item gets.
    public var defaults: Inspection
    /// Set by `QTY:n`; the next item scan counts this many.
    public var pendingQuantity: Int?
    /// For a return opened by an RMA: units per order line the RMA still authorised when it was scanned.
    public var authorised: [Int: Int]?
    public var items: [SessionItem]

    public init(
        id: String, lane: String, orderNumber: String, rmaNumber: String? = nil, operatorID: String?,
        openedAtMillis: Int64, defaults: Inspection, pendingQuantity: Int? = nil, authorised: [Int: Int]? = nil,
        items: [SessionItem] = []
    ) {
        self.id = id
        self.lane = lane
        self.orderNumber = orderNumber
        self.rmaNumber = rmaNumber
        self.operatorID = operatorID
        self.openedAtMillis = openedAtMillis
        self.defaults = defaults
        self.pendingQuantity = pendingQuantity
        self.authorised = authorised
        self.items = items
    }

    /// Items that still count (not undone).
    public var countedItems: [SessionItem] { items.filter { !$0.undone } }

    /// The session without its items: what changes when a command applies.
    public var header: LaneSession {
        var copy = self
        copy.items = []
        return copy
    }
}

/// One accepted item scan in a session.
public struct SessionItem: Hashable, Sendable, Codable {
    /// The id of the scan that counted it.
    public var scanID: String
    public var line: Int
    public var gtin: GTIN
    public var quantity: Int
    public var serial: String?
    public var lot: String?
    /// ISO date from GS1 AI 17, kept with the item.
    public var expiry: String?
    public var inspection: Inspection
    public var undone: Bool
    /// Set when a supervisor approved the item after the station refused it.
    public var override: ExceptionOverride?

    public init(
        scanID: String, line: Int, gtin: GTIN, quantity: Int, serial: String?, lot: String?, expiry: String?,
        inspection: Inspection, undone: Bool = false, override: ExceptionOverride? = nil
    ) {
        self.scanID = scanID
        self.line = line
        self.gtin = gtin
        self.quantity = quantity
        self.serial = serial
        self.lot = lot
        self.expiry = expiry
        self.inspection = inspection
        self.undone = undone
        self.override = override
    }
}
