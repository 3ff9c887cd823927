import Foundation

extension OrderImport {
    /// Validates rows (field name → text) and groups them into orders.
    static func build(_ rows: [(line: Int, values: [String: String])], problems initial: [ImportError.Problem]) throws(ImportError) -> [SalesOrder] {
        var problems = initial
        var orders: [String: SalesOrder] = [:]
        var orderOrder: [String] = []
        var firstLineOf: [String: Int] = [:]
        for (lineNumber, values) in rows {
            var rowProblems: [ImportError.Problem] = []
            func fail(_ field: String, _ message: String) { rowProblems.append(.init(line: lineNumber, field: field, message: message)) }
            func text(_ field: String) -> String { (values[field] ?? "").trimmingCharacters(in: .whitespaces) }
            func required(_ field: String) -> String? {
                let value = text(field)
                if value.isEmpty { fail(field, "is required") ; return nil }
                return value
            }
            let number = required("order").flatMap { v -> String? in
                if let problem = OrderLimits.textProblem(v, maximum: OrderLimits.maximumNumberLength) { fail("order", problem); return nil }
                return v
            }
            let line = required("line").flatMap { v -> Int? in
                guard let n = Int(v), (1...OrderLimits.maximumLineNumber).contains(n) else {
                    fail("line", "'\(v)' is not a whole number from 1 to \(OrderLimits.maximumLineNumber)"); return nil
                }
                return n
            }
            let gtin = required("gtin").flatMap { v -> GTIN? in
                do { return try GTIN(v) } catch { fail("gtin", "\(error)"); return nil }
            }
            let quantity = required("quantity").flatMap { v -> Int? in
                guard let n = Int(v), n > 0 else { fail("quantity", "'\(v)' is not a positive whole number"); return nil }
                return n
            }
            let currency = required("currency").flatMap { v -> String? in
                guard OrderLimits.isCurrencyCode(v) else { fail("currency", "'\(v)' is not an ISO 4217 code like EUR"); return nil }
                return v
            }
            let price = required("unit_price").flatMap { v -> Money? in
                guard let currency else { return nil }
                do {
                    let money = try Money(decimal: v, currency: currency)
                    if money.minorUnits < 0 { fail("unit_price", "'\(v)' is negative"); return nil }
                    return money
                } catch { fail("unit_price", "\(error)"); return nil }
            }
            let taxText = text("tax_rate")
            var tax = 0
            if !taxText.isEmpty {
                if let percent = try? Money(decimal: taxText, currency: "XXX"), percent.minorUnits >= 0, percent.minorUnits <= 10_000 {
                    tax = Int(percent.minorUnits)  // two decimals of a percentage are basis points
                } else { fail("tax_rate", "'\(taxText)' is not a percentage from 0 to 100 with at most two decimals") }
            }
            let serials = text("serials").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let quantity, !serials.isEmpty, serials.count != quantity {
                fail("serials", "\(serials.count) serials for a quantity of \(quantity): a serial-tracked line lists one serial per unit")
            }
            if Set(serials).count != serials.count { fail("serials", "a serial is listed twice") }
            var returnable = true
            switch text("returnable").lowercased() {
            case "", "true", "yes", "1": returnable = true
            case "false", "no", "0": returnable = false
            case let other: fail("returnable", "'\(other)' is not true or false")
            }
            let delivered = required("delivered_on").flatMap { v -> LocalDate? in
                // Year 0 does not exist in the Gregorian calendar PostgreSQL keeps (1 BC is followed by AD 1).
                guard let date = LocalDate(iso: v), date.components.year >= 1 else { fail("delivered_on", "'\(v)' is not a date YYYY-MM-DD from 0001-01-01"); return nil }
                return date
            }
            let days = required("return_days").flatMap { v -> Int? in
                guard let n = Int(v), n >= 0, n <= 3650 else { fail("return_days", "'\(v)' is not a number of days from 0 to 3650"); return nil }
                return n
            }
            if let quantity, let price, let limit = OrderLimits.problem(
                unitPriceMinor: price.minorUnits, quantity: quantity, taxRateBasisPoints: tax) {
                fail(limit.field, limit.message)
            }
            for (field, value, maximum) in [("sku", text("sku"), OrderLimits.maximumTextLength), ("lot", text("lot"), OrderLimits.maximumTextLength),
                                             ("customer", text("customer"), OrderLimits.maximumCustomerLength),
                                             ("description", text("description"), OrderLimits.maximumDescriptionLength)] + serials.map({ ("serials", $0, OrderLimits.maximumTextLength) })
            where !value.isEmpty {
                if let problem = OrderLimits.textProblem(value, maximum: maximum) { fail(field, problem) }
            }
            let customer = text("customer")
            guard rowProblems.isEmpty, let number, let line, let gtin, let quantity, let price, let delivered, let days else {
                problems += rowProblems
                continue
            }
            let orderLine = OrderLine(line: line, sku: text("sku").isEmpty ? gtin.digits : text("sku"), gtin: gtin,
                                      description: text("description"), quantitySold: quantity, unitPrice: price,
                                      taxRateBasisPoints: tax, serialsSold: serials, lot: text("lot").isEmpty ? nil : text("lot"),
                                      returnable: returnable, deliveredOn: delivered, returnDays: days)
            if var order = orders[number] {
                if order.lines.contains(where: { $0.line == line }) {
                    problems.append(.init(line: lineNumber, field: "line", message: "order \(number) has line \(line) twice (first on line \(firstLineOf[number] ?? 0))"))
                    continue
                }
                if !customer.isEmpty && customer != order.customer {
                    problems.append(.init(line: lineNumber, field: "customer", message: "'\(customer)' differs from '\(order.customer)' earlier in order \(number)"))
                    continue
                }
                if let currency = order.currency, currency != price.currency {
                    problems.append(.init(line: lineNumber, field: "currency", message: "\(price.currency) differs from \(currency) earlier in order \(number)"))
                    continue
                }
                order.lines.append(orderLine)
                order.lines.sort { $0.line < $1.line }
                orders[number] = order
            } else {
                orders[number] = SalesOrder(number: number, customer: customer, lines: [orderLine])
                orderOrder.append(number)
                firstLineOf[number] = lineNumber
            }
        }
        for number in orderOrder {
            if let order = orders[number], let limit = OrderLimits.problem(of: order) {
                problems.append(.init(line: firstLineOf[number] ?? 0, field: nil, message: limit))
            }
        }
        guard problems.isEmpty else { throw ImportError(problems) }
        if orderOrder.isEmpty { throw ImportError([.init(line: 1, field: nil, message: "the file holds no order lines")]) }
        return orderOrder.compactMap { orders[$0] }
    }
}
