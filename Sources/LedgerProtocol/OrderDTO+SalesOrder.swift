import ReturnsCore

extension OrderDTO {
    /// The wire form of a core order; `quantityReturned`/`serialsReturned` are taken from the order as given.
    public init(_ order: SalesOrder, changeCursor: Int64) {
        self.init(
            number: order.number, customer: order.customer, currency: order.currency ?? "EUR", changeCursor: changeCursor,
            lines: order.lines.map { line in
                OrderLineDTO(
                    line: line.line, sku: line.sku, gtin: line.gtin.digits, description: line.description,
                    quantitySold: line.quantitySold, unitPriceMinor: line.unitPrice.minorUnits,
                    taxRateBasisPoints: line.taxRateBasisPoints, serialsSold: line.serialsSold, lot: line.lot,
                    returnable: line.returnable, deliveredOn: line.deliveredOn.iso, returnDays: line.returnDays,
                    quantityReturned: line.quantityReturned, serialsReturned: line.serialsReturned.sorted())
            })
    }

    /// The core order as this DTO gives it: with the other stations' returns when every line carries them (the
    /// station then adds its own notes), else with the ledger's totals (an older ledger).
    public func salesOrderAsGiven() throws(ProtocolError) -> (order: SalesOrder, othersOnly: Bool) {
        let othersOnly = carriesOtherStationsReturns
        return (try salesOrder(othersOnly: othersOnly), othersOnly)
    }

    /// Whether every line says what stations other than the asking one returned (a ledger that knows the caller).
    public var carriesOtherStationsReturns: Bool {
        lines.allSatisfy { $0.quantityReturnedByOthers != nil && $0.serialsReturnedByOthers != nil }
    }

    /// The core order the station's matcher works with; throws when a GTIN or date does not parse.
    /// `othersOnly`: returned quantities and serials are the other stations' (`carriesOtherStationsReturns`).
    public func salesOrder(othersOnly: Bool = false) throws(ProtocolError) -> SalesOrder {
        var lines: [OrderLine] = []
        for dto in self.lines {
            guard let gtin = try? GTIN(dto.gtin) else {
                throw ProtocolError("order \(number) line \(dto.line): GTIN '\(dto.gtin)' does not parse")
            }
            guard let delivered = LocalDate(iso: dto.deliveredOn) else {
                throw ProtocolError("order \(number) line \(dto.line): '\(dto.deliveredOn)' is not a YYYY-MM-DD date")
            }
            if let limit = OrderLimits.problem(unitPriceMinor: dto.unitPriceMinor, quantity: dto.quantitySold,
                                               taxRateBasisPoints: dto.taxRateBasisPoints) {
                throw ProtocolError("order \(number) line \(dto.line): \(limit.field) \(limit.message)")
            }
            lines.append(OrderLine(
                line: dto.line, sku: dto.sku, gtin: gtin, description: dto.description, quantitySold: dto.quantitySold,
                unitPrice: Money(minorUnits: dto.unitPriceMinor, currency: currency),
                taxRateBasisPoints: dto.taxRateBasisPoints, serialsSold: dto.serialsSold, lot: dto.lot,
                returnable: dto.returnable, deliveredOn: delivered, returnDays: dto.returnDays,
                quantityReturned: othersOnly ? dto.quantityReturnedByOthers ?? dto.quantityReturned : dto.quantityReturned,
                serialsReturned: Set(othersOnly ? dto.serialsReturnedByOthers ?? dto.serialsReturned : dto.serialsReturned)))
        }
        let order = SalesOrder(number: number, customer: customer, lines: lines)
        if let limit = OrderLimits.problem(of: order) { throw ProtocolError(limit) }
        return order
    }
}
