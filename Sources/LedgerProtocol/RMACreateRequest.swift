/// `POST /v1/rmas`: customer service authorises the return of some units of some lines of an order.
public struct RMACreateRequest: Codable, Hashable, Sendable {
    public var orderNumber: String
    public var lines: [RMALineRequest]
    /// Days until the RMA expires; the ledger's default (`--rma-days`, 30) when absent.
    public var expiresInDays: Int?

    public init(orderNumber: String, lines: [RMALineRequest], expiresInDays: Int? = nil) {
        self.orderNumber = orderNumber
        self.lines = lines
        self.expiresInDays = expiresInDays
    }
}

public struct RMALineRequest: Codable, Hashable, Sendable {
    public var orderLine: Int
    public var quantity: Int

    public init(orderLine: Int, quantity: Int) {
        self.orderLine = orderLine
        self.quantity = quantity
    }
}
