

/// An RMA as the station looks it up (`GET /v1/rmas/{number}`): the order, what is authorised, and whether it is
/// still usable. A station opens a session for `order` limited to `lines`.
public struct RMADTO: Codable, Hashable, Sendable {
    /// `RMA-<digits>`, inside the station's default RMA pattern `RMA-[A-Z0-9-]{1,30}`.
    public var number: String
    public var orderNumber: String
    public var status: RMAStatus
    public var createdBy: String
    public var createdAtMillis: Int64
    public var expiresAtMillis: Int64
    public var lines: [RMALineDTO]
    public var order: OrderDTO

    public init(number: String, orderNumber: String, status: RMAStatus, createdBy: String, createdAtMillis: Int64,
                expiresAtMillis: Int64, lines: [RMALineDTO], order: OrderDTO) {
        self.number = number
        self.orderNumber = orderNumber
        self.status = status
        self.createdBy = createdBy
        self.createdAtMillis = createdAtMillis
        self.expiresAtMillis = expiresAtMillis
        self.lines = lines
        self.order = order
    }
}

/// One authorised line: how many units may come back under this RMA, and how many already did.
public struct RMALineDTO: Codable, Hashable, Sendable {
    public var orderLine: Int
    public var quantityAuthorised: Int
    public var quantityReturned: Int

    public init(orderLine: Int, quantityAuthorised: Int, quantityReturned: Int) {
        self.orderLine = orderLine
        self.quantityAuthorised = quantityAuthorised
        self.quantityReturned = quantityReturned
    }

    public var quantityRemaining: Int { max(0, quantityAuthorised - quantityReturned) }
}

/// `open` RMAs accept returns; the others refuse every line as `notAuthorised`.
public enum RMAStatus: String, Codable, Hashable, Sendable, CaseIterable {
    /// Usable, with units left.
    case open
    /// Every authorised unit has come back.
    case completed
    case cancelled
    case expired
}
