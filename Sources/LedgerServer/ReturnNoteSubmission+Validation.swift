import Foundation
import LedgerProtocol
import ReturnsCore

extension ReturnNoteSubmission {
    /// Shape checks that make a note unprocessable (422) rather than refused line by line; returns the day the
    /// return window is judged by.
    func validated() throws(LedgerError) -> LocalDate {
        func invalid(_ message: String) -> LedgerError { LedgerError(.invalidRequest, "note \(id): \(message)") }
        guard !noteNumber.isEmpty, !orderNumber.isEmpty else { throw invalid("noteNumber and orderNumber must not be empty") }
        // PostgreSQL refuses NUL in text: anything stored is checked here, so it is a 422, never a 500.
        for (field, value) in [("noteNumber", noteNumber), ("orderNumber", orderNumber), ("rmaNumber", rmaNumber ?? "-"),
                               ("station", station), ("customer", customer.isEmpty ? "-" : customer)] {
            let maximum = field == "customer" ? OrderLimits.maximumCustomerLength : OrderLimits.maximumNumberLength
            if let problem = LedgerText.problem(value, maximum: maximum) { throw invalid("\(field) \(problem)") }
        }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw invalid("currency '\(currency)' is not an ISO 4217 code")
        }
        guard lines.count <= 1000 else { throw invalid("more than 1000 lines") }
        guard Self.plausibleMillis.contains(closedAtMillis) else {
            throw invalid("closedAtMillis \(closedAtMillis) is not a time from 2000 to 2100")
        }
        if let refundPolicy, !RefundPolicy.isID(refundPolicy) {
            throw invalid("refundPolicy '\(refundPolicy.prefix(40))' is not an id like rp-95d2e3875f1c9d80 (GET /v1/refund-policy)")
        }
        if let operatorID, let problem = LedgerText.problem(operatorID) { throw invalid("operatorID \(problem)") }
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            guard line.quantity > 0, line.quantity <= 100_000 else { throw invalid("line \(index): quantity \(line.quantity) is not from 1 to 100000") }
            for (field, value) in [("gtin", line.gtin), ("sku", line.sku)] + line.serials.map { ("serial", $0) } + line.lots.map { ("lot", $0) } {
                if let problem = LedgerText.problem(value) { throw invalid("line \(index): \(field) \(problem)") }
            }
            guard line.serials.isEmpty || line.serials.count == line.quantity else {
                throw invalid("line \(index): \(line.serials.count) serials for a quantity of \(line.quantity)")
            }
            if let override = line.override {
                guard override.rule.raisesException else { throw invalid("line \(index): override of \(override.rule.rawValue), which is no exception") }
                if let problem = LedgerText.problem(override.approvedBy) { throw invalid("line \(index): approvedBy \(problem)") }
                guard override.exceptionID > 0 else { throw invalid("line \(index): exceptionID \(override.exceptionID) is not positive") }
                // Approved while the return was open: before the close (a day of slack for a clock step).
                guard Self.plausibleMillis.contains(override.approvedAtMillis), override.approvedAtMillis <= closedAtMillis + 86_400_000 else {
                    throw invalid("line \(index): approvedAtMillis \(override.approvedAtMillis) is not a time before the close")
                }
            }
            for serial in line.serials {
                guard seen.insert("\(line.orderLine)/\(serial)").inserted else { throw invalid("serial \(serial) appears twice") }
            }
        }
        let (days, rest) = closedAtMillis.quotientAndRemainder(dividingBy: 86_400_000)
        let utcDay = LocalDate(daysSinceEpoch: Int(rest < 0 ? days - 1 : days))  // floor, for times before 1970 too
        guard let closedOn else { return utcDay }
        guard let day = LocalDate(iso: closedOn) else { throw invalid("closedOn '\(closedOn)' is not YYYY-MM-DD") }
        guard abs(day.daysSinceEpoch - utcDay.daysSinceEpoch) <= 1 else {
            throw invalid("closedOn \(closedOn) is more than a day away from closedAtMillis (\(utcDay) UTC)")
        }
        return day
    }

    /// 2000-01-01 to 2100-01-01 UTC: any time a note or an approval can have, and safely inside PostgreSQL's range.
    static let plausibleMillis: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000
}

/// Text the ledger stores or looks up: a bounded length and no control characters (PostgreSQL refuses NUL in
/// text, which would otherwise surface as a 500). Every text field a request carries goes through here; the
/// Schemathesis test in the suite is the net for one that a later change forgets.
enum LedgerText {
    static func problem(_ text: String, maximum: Int = OrderLimits.maximumTextLength) -> String? {
        OrderLimits.textProblem(text, maximum: maximum)
    }

    /// A path parameter that names something (an order, an RMA, a credit note): one with control characters or
    /// over 128 characters names nothing, so it is a 404 rather than a query PostgreSQL would refuse.
    static func identifier(_ context: LedgerRequestContext, _ name: String, what: String) throws -> String {
        let value = try context.parameters.require(name)
        guard problem(value) == nil else { throw LedgerError(.notFound, "no \(what) \(value.prefix(40).debugDescription)") }
        return value
    }
}

extension ReturnNoteSubmission {
    /// Whether this note is the stored one sent again by its station after an upgrade that added `operatorID`,
    /// `refundPolicy` and line overrides: the stored body has none of them, and without them this one is the
    /// same. (A note the ledger accepted while its answer was lost is sent again after the station's upgrade;
    /// it must get its stored result, not a conflict that parks it for good.)
    func isResentAfterUpgrade(of storedBody: String) throws -> Bool {
        let stored = try JSONDecoder().decode(ReturnNoteSubmission.self, from: Data(storedBody.utf8))
        var older = self
        older.operatorID = nil
        older.refundPolicy = nil
        for index in older.lines.indices { older.lines[index].override = nil }
        // A stored body with any of the fields is from after the upgrade: then `older` differs from it anyway.
        return older == stored
    }
}
