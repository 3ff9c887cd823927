// An order file as someone exported it: every input is read by the CSV reader and by the JSON reader (the
// parsers `OrderImport.parse` picks between by file name and first character), as `returnsctl import` and the
// daemon's import would read it.
import ReturnsCore

func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    // Not an array of the two functions: swiftc 6.3.1 crashes lowering an array of typed-throws functions.
    for json in [false, true] {
        guard let orders = try? (json ? OrderImport.parseJSON(text) : OrderImport.parseCSV(text)) else { continue }
        // The import promises that every order it returns is within OrderLimits, so no later refund can overflow.
        for order in orders {
            expect(OrderLimits.problem(of: order) == nil, "imported order \(order.number) is within OrderLimits")
            expect(OrderLimits.textProblem(order.number, maximum: OrderLimits.maximumNumberLength) == nil,
                   "order number \(order.number.debugDescription) is storable")
            for line in order.lines {
                expect(OrderLimits.problem(unitPriceMinor: line.unitPrice.minorUnits, quantity: line.quantitySold,
                                           taxRateBasisPoints: line.taxRateBasisPoints) == nil,
                       "line \(line.line) of \(order.number) is within OrderLimits")
            }
        }
    }
    // The file-level checks (size, encoding, BOM) as well.
    _ = try? OrderImport.parse(bytes, fileName: "orders.csv")
}
