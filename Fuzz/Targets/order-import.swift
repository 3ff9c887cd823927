// An order file as someone exported it: every input is read both as CSV and as JSON, as `returnsctl import` and
// the daemon's import would read a file with that extension.
import ReturnsCore

func fuzzOne(_ bytes: [UInt8]) {
    for fileName in ["orders.csv", "orders.json"] {
        guard let orders = try? OrderImport.parse(bytes, fileName: fileName) else { continue }
        // The import promises that every order it returns is within OrderLimits, so no later refund can overflow.
        for order in orders {
            expect(OrderLimits.problem(of: order) == nil, "imported order \(order.number) is within OrderLimits")
            for line in order.lines {
                expect(OrderLimits.problem(unitPriceMinor: line.unitPrice.minorUnits, quantity: line.quantitySold,
                                           taxRateBasisPoints: line.taxRateBasisPoints) == nil,
                       "line \(line.line) of \(order.number) is within OrderLimits")
                expect(OrderLimits.textProblem(order.number, maximum: OrderLimits.maximumNumberLength) == nil,
                       "order number \(order.number.debugDescription) is storable")
            }
        }
    }
}
